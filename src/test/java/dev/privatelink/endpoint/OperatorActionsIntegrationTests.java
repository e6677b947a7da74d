package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.sandbox.model.SandboxFaults;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform operator's cancel and retry over HTTP, as the customer then sees their registration: a
 * cancelled registration is Failed with CANCELLED and can be removed, a retried one leaves Failed at once
 * and becomes Ready, a cancelled removal stays Deleting until removed again or retried.
 */
@IntegrationTest
class OperatorActionsIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    SandboxFaults faults;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    private UUID workflowOf(JsonNode registration, String type) {
        return api.jdbc().sql("select id from workflow where subject_id = :subject and type = :type order by created_at desc limit 1")
                .param("subject", UUID.fromString(registration.get("registrationId").asString())).param("type", type)
                .query(UUID.class).single();
    }

    private TestApi.Response operator(String action, UUID workflowId) {
        return api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + workflowId + "/" + action, null);
    }

    private TestApi.Response remove(Tenant tenant, String provider, String id) {
        return api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", provider, "id", id)))));
    }

    private void awaitRemoved(Tenant tenant, String id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).status() == 404);
    }

    private static String code(JsonNode registration) {
        return registration.get("statusReason").get("code").asString();
    }

    @Test
    void aRegistrationCancelledWhileWaitingIsFailedWithCancelledAndItsOrganizationCanRemoveIt() {
        Tenant tenant = api.newTenant("SCALE");
        flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = "vpce-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        JsonNode waiting = flows().awaitStatus(tenant, vpce, "WaitingForConnection");
        UUID workflow = workflowOf(waiting, RegistrationRuns.REGISTER);

        JsonNode cancelled = operator("cancel", workflow).expectStatus(200).result();

        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        JsonNode failed = flows().registration(tenant, vpce);
        assertThat(failed.get("status").asString()).isEqualTo("Failed");
        assertThat(code(failed)).isEqualTo("CANCELLED");
        assertThat(failed.get("statusReason").get("message").asString()).isEqualTo("cancelled by the platform operator");
        operator("cancel", workflow).expectStatus(409);

        remove(tenant, "aws", vpce).expectStatus(200);
        awaitRemoved(tenant, vpce);
        // the cancelled run was superseded by the removal: it can never be retried onto a removed registration
        assertThat(operator("retry", workflow).expectStatus(409).json().get("error").asString()).contains("only a FAILED workflow");
    }

    @Test
    void aRetriedRegistrationLeavesFailedAtOnceAndBecomesReady() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        String guid = flows().createPrivateEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(),
                "westus3");
        flows().registerInOrganization(tenant, "azure", guid, "westus3").expectStatus(200);
        UUID workflow = workflowOf(flows().awaitStatus(tenant, guid, "PendingAcceptance"), RegistrationRuns.REGISTER);
        operator("cancel", workflow).expectStatus(200);
        assertThat(flows().registration(tenant, guid).get("status").asString()).isEqualTo("Failed");
        // put on the allow list now, it stays Failed: only a retry (or registering it again) runs it again
        flows().addToService(tenant, serviceId, guid).expectStatus(200);
        assertThat(flows().registration(tenant, guid).get("status").asString()).isEqualTo("Failed");
        api.as(tenant.admin()).post("/v1/operator/workflows/" + workflow + "/retry", null).expectStatus(403);

        JsonNode retried = operator("retry", workflow).expectStatus(200).result();

        assertThat(retried.get("status").asString()).isIn("RUNNING", "WAITING", "SUCCEEDED");
        JsonNode atOnce = flows().registration(tenant, guid);
        assertThat(atOnce.get("status").asString()).isNotEqualTo("Failed");
        JsonNode ready = flows().awaitStatus(tenant, guid, "Ready");
        assertThat(ready.get("connectionState").asString()).isEqualTo("Approved");
        assertThat(ready.get("history")).anySatisfy(h -> assertThat(h.get("outcome").asString()).isEqualTo("CANCELLED"));
        operator("retry", workflow).expectStatus(409);
    }

    @Test
    void aCancelledRemovalStaysDeletingUntilRemovedAgainOrRetriedAndThenFinishes() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String resumedByRemoval = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        String resumedByRetry = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        for (String vpce : List.of(resumedByRemoval, resumedByRetry)) {
            flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
            flows().awaitStatus(tenant, vpce, "Ready");
        }

        UUID removalOne;
        UUID removalTwo;
        faults.set(new SandboxFaults.Rates(1.0, 0, 0)); // the cloud throttles every call: the removals cannot finish
        try {
            remove(tenant, "aws", resumedByRemoval).expectStatus(200);
            remove(tenant, "aws", resumedByRetry).expectStatus(200);
            removalOne = workflowOf(flows().registration(tenant, resumedByRemoval), RegistrationRuns.REMOVE);
            removalTwo = workflowOf(flows().registration(tenant, resumedByRetry), RegistrationRuns.REMOVE);
            operator("cancel", removalOne).expectStatus(200);
            operator("cancel", removalTwo).expectStatus(200);
        } finally {
            faults.set(SandboxFaults.Rates.NONE);
        }
        for (String vpce : List.of(resumedByRemoval, resumedByRetry)) {
            JsonNode stopped = flows().registration(tenant, vpce);
            assertThat(stopped.get("status").asString()).isEqualTo("Deleting");
            assertThat(code(stopped)).isEqualTo("REMOVAL_CANCELLED");
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> code(flows().registration(tenant, resumedByRemoval)).equals("REMOVAL_CANCELLED"));

        remove(tenant, "aws", resumedByRemoval).expectStatus(200);
        operator("retry", removalTwo).expectStatus(200);
        assertThat(code(flows().registration(tenant, resumedByRetry))).isEqualTo("REMOVED");

        awaitRemoved(tenant, resumedByRemoval);
        awaitRemoved(tenant, resumedByRetry);
        JsonNode connections = api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + resumedByRetry).result();
        assertThat(connections.toString()).containsIgnoringCase("rejected");
    }
}
