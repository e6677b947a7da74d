package dev.privatelink.reverseendpoint;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.sandbox.model.SandboxFaults;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static dev.privatelink.reverseendpoint.ReverseFlows.PLATFORM_ACCOUNT;
import static dev.privatelink.reverseendpoint.ReverseFlows.endpointServiceBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform operator's cancel and retry of a reverse endpoint's creation and deletion, as its owner
 * then sees it over HTTP.
 */
@IntegrationTest
class ReverseEndpointOperatorActionsIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    SandboxFaults faults;

    ReverseFlows flows;
    Tenant tenant;
    String serviceId;

    @BeforeEach
    void aServiceInUsEast1() {
        flows = new ReverseFlows(api);
        tenant = api.newTenant("SCALE");
        serviceId = flows.newService(tenant, "us-east-1");
    }

    private UUID workflowOf(String endpointId, String type) {
        return api.jdbc().sql("select id from workflow where subject_id = :subject and type = :type order by created_at desc limit 1")
                .param("subject", UUID.fromString(endpointId)).param("type", type).query(UUID.class).single();
    }

    private TestApi.Response operator(String action, UUID workflowId) {
        return api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + workflowId + "/" + action, null);
    }

    private static String code(JsonNode endpoint) {
        return endpoint.get("statusReason").get("code").asString();
    }

    @Test
    void aCreationCancelledWhilePendingIsFailedWithCancelledAndARetryLeavesFailedAtOnceAndReachesReady() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", true, List.of("arn:aws:iam::" + PLATFORM_ACCOUNT + ":root"),
                List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString()))
                .get("id").asString();
        JsonNode pending = flows.awaitStatus(tenant, serviceId, id, "PendingAcceptance");
        UUID creation = workflowOf(id, ReverseEndpointRuns.CREATE_VPC_ENDPOINT_SERVICE);

        operator("cancel", creation).expectStatus(200);

        JsonNode failed = flows.get(tenant, serviceId, id);
        assertThat(failed.get("status").asString()).isEqualTo("Failed");
        assertThat(code(failed)).isEqualTo("CANCELLED");
        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString() + "/connections/"
                + pending.get("endpointId").asString() + "/accept", java.util.Map.of()).expectStatus(200);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> flows.get(tenant, serviceId, id).get("status").asString().equals("Failed"));

        operator("retry", creation).expectStatus(200);

        assertThat(flows.get(tenant, serviceId, id).get("status").asString()).isNotEqualTo("Failed");
        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(ready.get("dnsNames")).isNotEmpty();
    }

    @Test
    void aCancelledDeletionStaysDeletingUntilDeletedAgain() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString()))
                .get("id").asString();
        flows.awaitStatus(tenant, serviceId, id, "Ready");

        faults.set(new SandboxFaults.Rates(1.0, 0, 0)); // the cloud throttles every call: the deletion cannot finish
        try {
            api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200);
            operator("cancel", workflowOf(id, ReverseEndpointRuns.DELETE)).expectStatus(200);
        } finally {
            faults.set(SandboxFaults.Rates.NONE);
        }
        JsonNode stopped = flows.get(tenant, serviceId, id);
        assertThat(stopped.get("status").asString()).isEqualTo("Deleting");
        assertThat(code(stopped)).isEqualTo("DELETION_CANCELLED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> code(flows.get(tenant, serviceId, id)).equals("DELETION_CANCELLED"));

        api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200);

        flows.awaitGone(tenant, serviceId, id);
    }
}
