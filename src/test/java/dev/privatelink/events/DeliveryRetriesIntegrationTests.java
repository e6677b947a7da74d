package dev.privatelink.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens when a receiver fails (the test settings shorten the times: retries every 100-500 ms,
 * given up after 10 s, a subscription failing for 20 s is disabled): deliveries are retried, given up
 * after their window, shown in the delivery log, sent again on request; a subscription that keeps
 * failing is disabled with the reason and sends what it still holds once enabled.
 */
@IntegrationTest
class DeliveryRetriesIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void aDeliveryIsRetriedThenGivenUpAndCanBeRedelivered() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String webhook = flows.subscribe(tenant, receiver, List.of("privatelink.allowlist.changed")).get("id").asString();
            String serviceId = flows.newService(tenant);
            receiver.answer(503);

            allow(tenant, serviceId, "vpce-0aaaaaaaaaaaaaaa1");
            JsonNode gaveUp = await().atMost(Duration.ofSeconds(25)).until(() -> deliveries(tenant, webhook, null),
                    log -> log.size() == 1 && log.get(0).get("status").asString().equals("FAILED")).get(0);

            assertThat(gaveUp.get("attempts").asInt()).as("retried within its window").isGreaterThan(3);
            assertThat(gaveUp.get("lastResponseCode").asInt()).isEqualTo(503);
            assertThat(gaveUp.get("eventType").asString()).isEqualTo("privatelink.allowlist.changed");
            assertThat(gaveUp.has("nextAttemptAt")).as("nothing more is due").isFalse();
            assertThat(Duration.between(Instant.parse(gaveUp.get("createdAt").asString()),
                    Instant.parse(gaveUp.get("lastAttemptAt").asString()))).as("the retry window (10 s here)")
                    .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(13));
            int refusedAttempts = receiver.received().size();
            assertThat(refusedAttempts).isEqualTo(gaveUp.get("attempts").asInt());

            // the receiver is back: the next change goes out, and the given-up one when asked
            receiver.answer(204);
            allow(tenant, serviceId, "vpce-0aaaaaaaaaaaaaaa2");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.accepted().size() == 1);
            assertThat(receiver.accepted().getFirst().event().at("/data/added/0").asString()).isEqualTo("vpce-0aaaaaaaaaaaaaaa2");

            JsonNode redelivered = api.as(tenant.admin()).post(tenant.path() + "/webhooks/" + webhook + "/deliveries/"
                    + gaveUp.get("id").asString() + "/redeliver", null).expectStatus(200).result();
            assertThat(redelivered.get("status").asString()).isEqualTo("PENDING");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.accepted().size() == 2);
            WebhookReceiver.Received again = receiver.accepted().get(1);
            assertThat(again.header("webhook-id")).isEqualTo(gaveUp.get("eventId").asString());
            assertThat(again.event().at("/data/added/0").asString()).isEqualTo("vpce-0aaaaaaaaaaaaaaa1");
            JsonNode delivered = api.as(tenant.developer()).get(tenant.path() + "/webhooks/" + webhook + "/deliveries?status=DELIVERED").expectStatus(200).result();
            assertThat(delivered).hasSize(2).allSatisfy(d -> {
                assertThat(d.get("lastResponseCode").asInt()).isEqualTo(204);
                assertThat(d.has("deliveredAt")).isTrue();
            });
            assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + webhook + "/deliveries?status=LOST").status())
                    .isEqualTo(400);
            assertThat(api.as(tenant.admin()).post(tenant.path() + "/webhooks/" + webhook + "/deliveries/" + UUID.randomUUID()
                    + "/redeliver", null).status()).isEqualTo(404);
            assertThat(api.as(tenant.developer()).post(tenant.path() + "/webhooks/" + webhook + "/deliveries/"
                    + gaveUp.get("id").asString() + "/redeliver", null).status()).isEqualTo(403);
        }
    }

    @Test
    void aSubscriptionThatKeepsFailingIsDisabledWithTheReasonAndSendsWhatItHoldsOnceEnabled() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String webhook = flows.subscribe(tenant, receiver, List.of("privatelink.allowlist.changed")).get("id").asString();
            String serviceId = flows.newService(tenant);
            receiver.answer(500);

            // changes keep coming while every delivery fails; after 20 s of failures without a success it is disabled
            int[] changes = {0};
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(700)).until(() -> {
                allow(tenant, serviceId, "vpce-0bbbbbbbbbbbbb" + String.format("%03d", changes[0]++));
                return webhook(tenant, webhook).get("state").asString().equals("DISABLED");
            });
            JsonNode disabled = webhook(tenant, webhook);
            assertThat(disabled.get("disabledReason").asString()).contains("deliveries have failed since").contains("HTTP 500");
            int attemptsWhenDisabled = receiver.received().size();
            allow(tenant, serviceId, "vpce-0bbbbbbbbbbbbbfff");
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            assertThat(receiver.received()).as("nothing is sent to a disabled subscription").hasSize(attemptsWhenDisabled);
            String anyDelivery = deliveries(tenant, webhook, null).get(0).get("id").asString();
            assertThat(api.as(tenant.admin()).post(tenant.path() + "/webhooks/" + webhook + "/deliveries/" + anyDelivery
                    + "/redeliver", null).status()).as("redelivery needs it enabled").isEqualTo(409);

            receiver.answer(204);
            JsonNode enabled = api.as(tenant.admin()).post(tenant.path() + "/webhooks/" + webhook + "/enable", null)
                    .expectStatus(200).result();
            assertThat(enabled.get("state").asString()).isEqualTo("ACTIVE");
            assertThat(enabled.has("disabledReason")).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(tenant, webhook, "PENDING").isEmpty());
            assertThat(receiver.accepted()).as("what it held is sent").isNotEmpty()
                    .anyMatch(r -> r.body().contains("vpce-0bbbbbbbbbbbbbfff"));
        }
    }

    private void allow(Tenant tenant, String serviceId, String endpointId) {
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(endpointId)))).expectStatus(200);
    }

    private JsonNode webhook(Tenant tenant, String webhook) {
        return api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + webhook).expectStatus(200).result();
    }

    private JsonNode deliveries(Tenant tenant, String webhook, String status) {
        return api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + webhook + "/deliveries"
                + (status == null ? "" : "?status=" + status)).expectStatus(200).result();
    }
}
