package dev.privatelink.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organization and service changes racing the registration workflow of the same endpoint: the API and
 * the engine lock the registration and the workflow rows in the same order, so neither waits for the
 * other in a cycle (which PostgreSQL breaks by aborting one of them: a 500 for the user).
 */
@IntegrationTest
class InboundConcurrentChangesIntegrationTests {

    private static final int THREADS = 3;
    private static final int ITERATIONS = 20;

    @Autowired
    TestApi api;

    @Test
    void removingAndAddingAnEndpointWhileItsRegistrationRunsNeverFails() throws Exception {
        InboundFlows flows = new InboundFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows.newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = flows.createVpcEndpoint(tenant, flows.config(tenant, serviceId).get("endpointServiceId").asString(), "us-west-2");
        flows.registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 0; i < ITERATIONS; i++) {
                    TestApi.Response response = switch ((thread + i) % 3) {
                        // removed and registered again in one request: the running workflow is superseded
                        case 0 -> api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of(
                                "remove", List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", "us-west-2")),
                                "add", List.of(Map.of("cloudProvider", "aws", "id", vpce, "description", "again",
                                        "region", "us-west-2")))));
                        case 1 -> api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                                Map.of("privateEndpointIds", Map.of("add", List.of(vpce))));
                        default -> api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                                Map.of("privateEndpointIds", Map.of("remove", List.of(vpce))));
                    };
                    // each request is valid whatever ran before it; a 5xx (deadlock detected) is the failure looked for
                    if (response.status() != 200) {
                        failures.add(response.status() + " " + response.json());
                    }
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).join();

        assertThat(failures).isEmpty();
        // whatever order they ran in, the last one left a registration whose single workflow makes it Ready
        flows.registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        JsonNode ready = flows.awaitStatus(tenant, vpce, "Ready");
        assertThat(ready.get("connectionState").asString()).isEqualTo("available");
        long active = api.jdbc().sql("""
                        select count(*) from workflow w join private_endpoint e on e.id = w.subject_id
                        where e.organization_id = :org and w.status in ('RUNNING', 'WAITING')""")
                .param("org", tenant.orgId()).query(Long.class).single();
        assertThat(active).isZero();
        assertThat(api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpce).expectStatus(200).result()
                .get("state").asString()).isEqualTo("available");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
