package dev.privatelink.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registrations that park on their endpoint service while its batch runs are ending are served by a
 * run at once, never left for their step's recheck (5 s): a stream of registrations at uneven
 * intervals, so that parks land in every phase of the runs, all Ready well within the recheck.
 */
@IntegrationTest
class BatchWakeUpIntegrationTests {

    /** The step's safety-net recheck ({@code RegistrationWorkflow.UNSERVED}): what a lost wake-up costs. */
    static final Duration RECHECK = Duration.ofSeconds(5);

    @Autowired
    TestApi api;

    @Test
    void registrationsParkedWhileBatchRunsEndAreServedWithoutWaitingForTheirRecheck() throws Exception {
        InboundFlows flows = new InboundFlows(api);
        Tenant tenant = api.newTenant("ENTERPRISE");
        String region = "us-east-2";
        String serviceId = flows.newService(tenant, "aws", region, "PRODUCTION");
        String serviceName = flows.config(tenant, serviceId).get("endpointServiceId").asString();
        int senders = 2;
        int each = 12;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < senders * each; i++) {
            ids.add(flows.createVpcEndpoint(tenant, serviceName, region));
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                List<String> mine = ids.subList(s * each, (s + 1) * each);
                sent.add(pool.submit(() -> {
                    for (String id : mine) {
                        // uneven gaps: some parks fall into a run, some just after one, some into its end
                        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 200));
                        flows.registerInOrganization(tenant, "aws", id, region).expectStatus(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                ids.stream().map(id -> flows.registration(tenant, id).get("status").asString())
                        .noneMatch(status -> status.equals("Connecting") || status.equals("WaitingForConnection")
                                || status.equals("PendingAcceptance") || status.equals("Provisioning")));

        List<Long> millis = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (String id : ids) {
            JsonNode registration = flows.registration(tenant, id);
            if (!registration.get("status").asString().equals("Ready")) {
                notReady.add(id + " " + registration.get("status").asString());
            }
            millis.add(Duration.between(Instant.parse(registration.get("createdAt").asString()),
                    Instant.parse(registration.get("updatedAt").asString())).toMillis());
        }
        String slowest = ids.stream().max(java.util.Comparator.comparing(id -> {
            JsonNode r = flows.registration(tenant, id);
            return Duration.between(Instant.parse(r.get("createdAt").asString()), Instant.parse(r.get("updatedAt").asString()));
        })).orElseThrow();
        // the slowest registration's steps, for a reader of a failure: when it parked, when a run decided it
        api.jdbc().sql("""
                        select h.seq, h.step, h.outcome, h.started_at, h.finished_at, h.error_code from workflow_history h
                        join workflow w on w.id = h.workflow_id join private_endpoint p on p.id = w.subject_id
                        where p.endpoint_id = ? order by h.seq""").param(slowest)
                .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getTimestamp(4).toInstant()
                        + " -> " + rs.getTimestamp(5).toInstant() + " " + rs.getString(6))
                .list().forEach(line -> System.out.println("[wake-up] slowest " + slowest + ": " + line));
        Collections.sort(millis);
        System.out.printf("[wake-up] %d registrations streamed in: registered->Ready p50 %d ms, p99 %d ms, max %d ms%n",
                ids.size(), millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1), millis.getLast());
        // the tests' connection deadline (4 s) is shorter than the recheck: a registration left for its recheck expires
        assertThat(notReady).as("registrations that did not become Ready").isEmpty();
        assertThat(millis).as("registered->Ready (ms) of each registration: none waited for its recheck")
                .allSatisfy(ms -> assertThat(ms).isLessThan(RECHECK.toMillis()));
    }
}
