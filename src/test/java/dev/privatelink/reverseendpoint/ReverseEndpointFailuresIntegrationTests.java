package dev.privatelink.reverseendpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static dev.privatelink.reverseendpoint.ReverseFlows.PLATFORM_ACCOUNT;
import static dev.privatelink.reverseendpoint.ReverseFlows.endpointServiceBody;
import static dev.privatelink.reverseendpoint.ReverseFlows.mskBody;
import static dev.privatelink.reverseendpoint.ReverseFlows.resourceBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What goes wrong on the customer's side, or in the platform's subnets, and what the customer reads
 * then: a status from ClickHouse's enum and a reason that says what to allow or change. Also a Ready
 * endpoint the cloud later reports otherwise, and a deleted service.
 */
@IntegrationTest
class ReverseEndpointFailuresIntegrationTests {

    @Autowired
    TestApi api;

    ReverseFlows flows;
    Tenant tenant;
    String serviceId;

    @BeforeEach
    void aService() {
        flows = new ReverseFlows(api);
        tenant = api.newTenant("SCALE");
        serviceId = flows.newService(tenant, "us-east-1");
    }

    @Test
    void anEndpointServiceThatDoesNotAllowThePlatformFailsNamingTheAccountToAllow() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of("arn:aws:iam::111122223333:root"), List.of(), null);

        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString())).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("SERVICE_NOT_ACCESSIBLE");
        assertThat(failed.get("statusReason").get("message").asString()).contains("arn:aws:iam::" + PLATFORM_ACCOUNT + ":root");
        assertThat(failed.has("endpointId")).isFalse();
    }

    @Test
    void anEndpointServiceInAnotherRegionThatDoesNotOfferThePlatformsRegionFailsTheWayAwsDoes() {
        JsonNode service = flows.endpointService(tenant, "eu-west-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);

        String id = flows.created(tenant, serviceId, endpointServiceBody("far", service.get("serviceName").asString())).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("SERVICE_NOT_ACCESSIBLE");
        assertThat(failed.get("statusReason").get("message").asString()).contains("add us-east-1 to its supported regions");
    }

    @Test
    void aFullSubnetFailsTheEndpointWithItsReason() {
        String full = flows.newService(tenant, "ap-northeast-2"); // the tests' sandbox has no free /28 there
        JsonNode service = flows.endpointService(tenant, "ap-northeast-2", false, List.of(PLATFORM_ACCOUNT), List.of(), null);

        String id = flows.created(tenant, full, endpointServiceBody("pg", service.get("serviceName").asString())).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, full, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("SUBNET_CAPACITY_EXHAUSTED");
        assertThat(failed.get("statusReason").get("message").asString()).contains("/28");
    }

    @Test
    void aResourceShareNeverSentToThePlatformFails() {
        JsonNode notShared = flows.resourceConfiguration(tenant, "us-east-1", List.of("111122223333"));

        String id = flows.created(tenant, serviceId, resourceBody("rds", notShared)).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("RESOURCE_SHARE_NOT_FOUND");
        assertThat(failed.get("statusReason").get("message").asString()).contains(PLATFORM_ACCOUNT);
        assertThat(api.jdbc().sql("select count(*) from sandbox_vpc_endpoint where resource_configuration_arn = ?")
                .param(notShared.get("resourceConfigurationArn").asString()).query(Integer.class).single()).isZero();
    }

    @Test
    void aResourceConfigurationThatIsNotInTheShareFails() {
        JsonNode shared = flows.resourceConfiguration(tenant, "us-east-1", List.of(PLATFORM_ACCOUNT));
        JsonNode other = flows.resourceConfiguration(tenant, "us-east-1", List.of(PLATFORM_ACCOUNT));

        String id = flows.created(tenant, serviceId, Map.of("description", "mixed", "type", "VPC_RESOURCE",
                "vpcResourceConfigurationId", other.get("resourceConfigurationId").asString(),
                "vpcResourceShareArn", shared.get("resourceShareArn").asString())).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("RESOURCE_CONFIGURATION_NOT_SHARED");
    }

    @Test
    void anMskClusterPolicyWithoutThePlatformFailsNamingThePrincipal() {
        String cluster = flows.mskCluster(tenant, "us-east-1", List.of("SASL_IAM"), List.of("111122223333"));

        String id = flows.created(tenant, serviceId, mskBody("msk", cluster, "SASL_IAM")).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("MSK_CLUSTER_POLICY");
        assertThat(failed.get("statusReason").get("message").asString()).contains("arn:aws:iam::" + PLATFORM_ACCOUNT + ":root");
    }

    @Test
    void anAuthenticationTheClusterDoesNotOfferFailsWithMsksAnswer() {
        String cluster = flows.mskCluster(tenant, "us-east-1", List.of("SASL_IAM"), List.of(PLATFORM_ACCOUNT));

        String id = flows.created(tenant, serviceId, mskBody("msk", cluster, "SASL_SCRAM")).get("id").asString();

        JsonNode failed = flows.awaitStatus(tenant, serviceId, id, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("BadRequestException");
        assertThat(failed.get("statusReason").get("message").asString()).contains("SASL_SCRAM");
    }

    @Test
    void aConnectionNeverAcceptedExpires() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", true, List.of(PLATFORM_ACCOUNT), List.of(), null);

        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString())).get("id").asString();

        flows.awaitStatus(tenant, serviceId, id, "PendingAcceptance");
        JsonNode expired = flows.awaitStatus(tenant, serviceId, id, "Expired");
        assertThat(expired.get("statusReason").get("code").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void aReadyEndpointTheCustomerRejectsLaterBecomesRejected() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString())).get("id").asString();
        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");

        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString() + "/connections/"
                + ready.get("endpointId").asString() + "/reject", Map.of()).expectStatus(200);

        JsonNode rejected = flows.awaitStatus(tenant, serviceId, id, "Rejected");
        assertThat(rejected.get("statusReason").get("code").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("dnsNames")).isEmpty();
        assertThat(rejected.get("history").findValuesAsString("step")).contains("observe");
    }

    @Test
    void deletingTheServiceDeletesItsReverseEndpoints() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString())).get("id").asString();
        String vpce = flows.awaitStatus(tenant, serviceId, id, "Ready").get("endpointId").asString();

        api.as(tenant.admin()).delete(tenant.path() + "/services/" + serviceId).expectStatus(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.jdbc().sql("select count(*) from reverse_private_endpoint where id = ?::uuid")
                .param(id).query(Integer.class).single() == 0);
        assertThat(api.jdbc().sql("select state from sandbox_vpc_endpoint where vpc_endpoint_id = ?").param(vpce)
                .query(String.class).single()).isIn("deleting", "deleted");
    }

    @Test
    void twoCreatesOfTheSameTargetAtOnceMakeOneEndpoint() throws Exception {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        Map<String, Object> body = endpointServiceBody("race", service.get("serviceName").asString());
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    statuses.add(flows.create(tenant, serviceId, body).status());
                    return null;
                }));
            }
            go.countDown();
            for (var f : all) {
                f.get();
            }
        }

        assertThat(statuses).containsOnly(200, 409).containsOnlyOnce(200);
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, serviceId)).expectStatus(200).result()).hasSize(1);
    }

    @Test
    void aDeletedEndpointCanBeCreatedAgainAndTheOldOneStillGoesAway() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        Map<String, Object> body = endpointServiceBody("again", service.get("serviceName").asString());
        String first = flows.created(tenant, serviceId, body).get("id").asString();
        flows.awaitStatus(tenant, serviceId, first, "Ready");

        api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + first).expectStatus(200);
        TestApi.Response again = flows.create(tenant, serviceId, body);

        again.expectStatus(200);
        flows.awaitGone(tenant, serviceId, first);
        flows.awaitStatus(tenant, serviceId, again.result().get("id").asString(), "Ready");
    }
}
