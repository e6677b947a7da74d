package dev.privatelink.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receivers that take their time (here: until the response timeout) slow neither the API nor the
 * workflows: deliveries run on their own scheduler and threads, after the changes have committed.
 */
@IntegrationTest
class SlowReceiversIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void hangingReceiversSlowNeitherTheApiNorTheWorkflows() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver slow = WebhookReceiver.start()) {
            slow.delay(Duration.ofSeconds(3)); // longer than the response timeout (2 s in the tests): every attempt fails late
            for (int i = 0; i < 10; i++) {
                flows.subscribe(tenant, slow, EventFlows.ENDPOINT_TYPES);
            }
            String serviceId = flows.newService(tenant);
            List<String> endpoints = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                endpoints.add(flows.newVpcEndpoint(tenant, serviceId));
            }

            Instant start = Instant.now();
            List<Duration> reads = new ArrayList<>();
            endpoints.forEach(id -> flows.registerAndAllow(tenant, serviceId, id));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Instant before = Instant.now();
                boolean allReady = endpoints.stream().allMatch(id -> flows.registration(tenant, id).get("status")
                        .asString().equals("Ready"));
                reads.add(Duration.between(before, Instant.now()).dividedBy(endpoints.size()));
                return allReady;
            });
            Duration toReady = Duration.between(start, Instant.now());

            assertThat(toReady).as("all registrations Ready while 10 webhooks hang").isLessThan(Duration.ofSeconds(10));
            assertThat(reads.stream().max(Duration::compareTo).orElseThrow()).as("the slowest read meanwhile")
                    .isLessThan(Duration.ofMillis(750));
            int throughWhenReady = slow.received().size();
            assertThat(throughWhenReady).as("far from every delivery was through when the workflows were done")
                    .isLessThan(10 * endpoints.size() * 3);
            // a request is recorded once answered, 3 s after it arrived: the deliveries were under way all along
            await().atMost(Duration.ofSeconds(10)).until(() -> !slow.received().isEmpty());
        }
    }
}
