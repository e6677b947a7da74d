package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One cloud endpoint registered by two organizations (the registration is unique per organization
 * only): the endpoint serves the organization that connected it first, and the other organization can
 * neither take its connection over nor cut it off.
 */
@IntegrationTest
class InboundSharedEndpointIntegrationTests {

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void anotherOrganizationRegisteringAConnectedEndpointFailsEndpointInUseAndItsRemovalLeavesTheOwnerReady() {
        Tenant owner = api.newTenant("SCALE");
        String vpce = readyEndpoint(owner);
        Tenant other = api.newTenant("SCALE");

        flows().registerInOrganization(other, "aws", vpce, "us-west-2").expectStatus(200);

        JsonNode failed = flows().awaitStatus(other, vpce, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("ENDPOINT_IN_USE");
        assertThat(failed.get("statusReason").get("message").asString())
                .contains("already registered by another organization")
                .doesNotContain(owner.orgId().toString());

        remove(other, vpce);
        assertOwnerStillConnected(owner, vpce);
    }

    @Test
    void removingOneOfTwoConnectedRegistrationsDoesNotRejectTheSharedConnection() {
        Tenant owner = api.newTenant("SCALE");
        String vpce = readyEndpoint(owner);
        Tenant other = api.newTenant("SCALE");
        flows().registerInOrganization(other, "aws", vpce, "us-west-2").expectStatus(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("Failed", "Ready").contains(flows().registration(other, vpce).get("status").asString()));
        // both registrations connected, as two registrations locating the connection at the same moment
        // (or registered before the ENDPOINT_IN_USE check) leave them
        UUID endpointService = api.jdbc().sql("select endpoint_service_id from private_endpoint where organization_id = :org")
                .param("org", owner.orgId()).query(UUID.class).single();
        api.jdbc().sql("""
                        update private_endpoint set status = 'Ready', status_code = null, status_message = null,
                               connection_state = 'available', endpoint_service_id = :service
                        where organization_id = :org""")
                .param("service", endpointService).param("org", other.orgId()).update();
        assertThat(flows().registration(other, vpce).get("status").asString()).isEqualTo("Ready");

        remove(other, vpce);
        assertOwnerStillConnected(owner, vpce);

        // the last registration of the endpoint going away does disconnect it
        remove(owner, vpce);
        assertThat(sandboxState(owner, vpce)).isEqualTo("rejected");
    }

    /**
     * Two organizations register the same endpoints at the same instant, over HTTP, many times: for
     * every endpoint exactly one registration holds the connection (Ready) and the other ends
     * {@code Failed} with {@code ENDPOINT_IN_USE}, never both Ready.
     */
    @Test
    void twoOrganizationsRegisteringOneEndpointAtTheSameInstantNeverBothHoldIt() throws Exception {
        Tenant first = api.newTenant("SCALE");
        Tenant second = api.newTenant("SCALE");
        String serviceId = flows().newService(first, "aws", "us-west-2", "PRODUCTION");
        String endpointService = flows().config(first, serviceId).get("endpointServiceId").asString();
        List<String> vpces = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            vpces.add(flows().createVpcEndpoint(first, endpointService, "us-west-2"));
        }

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> patches = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2 * vpces.size())) {
            for (String vpce : vpces) {
                for (Tenant tenant : List.of(first, second)) {
                    patches.add(pool.submit(() -> {
                        go.await();
                        return flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").status();
                    }));
                }
            }
            go.countDown();
            for (Future<Integer> patch : patches) {
                assertThat(patch.get()).isEqualTo(200);
            }
        }

        for (String vpce : vpces) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> List.of(first, second)
                    .stream().allMatch(t -> List.of("Ready", "Failed").contains(flows().registration(t, vpce).get("status").asString())));
            List<JsonNode> both = List.of(flows().registration(first, vpce), flows().registration(second, vpce));
            assertThat(both).as(vpce).filteredOn(r -> r.get("status").asString().equals("Ready")).hasSize(1);
            assertThat(both).as(vpce).filteredOn(r -> r.get("status").asString().equals("Failed")).singleElement()
                    .satisfies(loser -> assertThat(loser.get("statusReason").get("code").asString()).isEqualTo("ENDPOINT_IN_USE"));
            assertThat(sandboxState(first, vpce)).isEqualTo("available");
        }
    }

    private String readyEndpoint(Tenant tenant) {
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(),
                "us-west-2");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");
        return vpce;
    }

    private void remove(Tenant tenant, String vpce) {
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", "us-west-2"))))).expectStatus(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + vpce).status() == 404);
    }

    private void assertOwnerStillConnected(Tenant owner, String vpce) {
        assertThat(flows().registration(owner, vpce).get("status").asString()).isEqualTo("Ready");
        assertThat(sandboxState(owner, vpce)).isEqualTo("available");
    }

    private String sandboxState(Tenant tenant, String vpce) {
        return api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpce).expectStatus(200).result()
                .get("state").asString();
    }
}
