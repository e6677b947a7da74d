package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accepted → Ready latency on the sandbox (zero latency), and sandbox cloud calls per Ready endpoint
 * with 1 and 1,000 concurrent registrations (from the sandbox ledger).
 */
@Tag("benchmark")
@IntegrationTest
class InboundLatencyBenchmark {

    @Autowired
    TestApi api;

    @Test
    void latencyAndCloudCallsPerReadyEndpoint() throws Exception {
        singles(Integer.getInteger("benchmark.singles", 20));
        run(Integer.getInteger("benchmark.concurrent", 1000));
    }

    /** One registration at a time, several times over, for a p50/p99 of the single-registration latency. */
    private void singles(int rounds) throws Exception {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            all.addAll(run(1));
        }
        Collections.sort(all);
        System.out.printf("%n[benchmark] %d single registrations one after the other: accepted->Ready p50 %d ms, p99 %d ms, max %d ms%n",
                rounds, ms(all, 0.50), ms(all, 0.99), all.getLast() / 1_000_000);
    }

    private List<Long> run(int registrations) throws Exception {
        InboundFlows flows = new InboundFlows(api);
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows.newService(tenant, "aws", "us-east-2", "PRODUCTION");
        String serviceName = flows.config(tenant, serviceId).get("endpointServiceId").asString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < registrations; i++) {
            ids.add(flows.createVpcEndpoint(tenant, serviceName, "us-east-2"));
        }
        api.as(TestApi.Credentials.DEV_OPERATOR).delete("/v1/sandbox/ledger").expectStatus(200);

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(registrations, 32))) {
            List<Future<?>> accepted = new ArrayList<>();
            for (String id : ids) {
                accepted.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(
                            Map.of("cloudProvider", "aws", "id", id, "description", "bench", "region", "us-east-2")))))
                            .expectStatus(200);
                    return t0;
                }));
            }
            List<Long> acceptedAt = new ArrayList<>();
            for (Future<?> f : accepted) {
                acceptedAt.add((Long) f.get());
            }
            // Ready time observed by polling each registration's status
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                long t0 = acceptedAt.get(i);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                        api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).result()
                                .get("status").asString().equals("Ready"));
                if (registrations == 1) {
                    latencies.add(System.nanoTime() - t0);
                }
            }
        }
        long total = System.nanoTime() - started;
        if (registrations > 1) {
            // per-endpoint Ready time from the history's last step
            for (String id : ids) {
                JsonNode e = api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).result();
                long created = java.time.Instant.parse(e.get("createdAt").asString()).toEpochMilli();
                long ready = java.time.Instant.parse(e.get("updatedAt").asString()).toEpochMilli();
                latencies.add((ready - created) * 1_000_000);
            }
        }
        JsonNode ledger = api.as(TestApi.Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger").expectStatus(200).result();
        Collections.sort(latencies);
        System.out.printf("%n[benchmark] %d registration(s): accepted->Ready p50 %d ms, p99 %d ms, max %d ms; all Ready after %d ms%n",
                registrations, ms(latencies, 0.50), ms(latencies, 0.99), latencies.getLast() / 1_000_000, total / 1_000_000);
        System.out.printf("[benchmark] sandbox cloud calls: %d in all, %.3f per Ready endpoint; by operation: %s%n",
                ledger.get("total").asLong(), ledger.get("total").asLong() / (double) registrations, ledger.get("operations"));
        assertThat(latencies).hasSize(registrations);
        return latencies;
    }

    private static long ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }
}
