package dev.privatelink.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** A receiver hears of every change of a service's public side, signed, in order, with the side before and after. */
@IntegrationTest
class PublicAccessEventsIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void ipAccessListChangesAndClosingThePublicEndpointArriveInOrder() {
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = new EventFlows(api).subscribe(tenant, receiver, List.of("privatelink.publicaccess.changed"))
                    .get("secret").asString();
            String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "pub-" + UUID.randomUUID(),
                    "provider", "aws", "region", "us-west-2", "tier", "production")).expectStatus(200).result()
                    .get("service").get("id").asString();
            String path = tenant.path() + "/services/" + serviceId;

            api.as(tenant.admin()).patch(path, Map.of("ipAccessList", Map.of("add",
                    List.of(Map.of("source", "203.0.113.0/24", "description", "office"))))).expectStatus(200);
            api.as(tenant.admin()).patch(path, Map.of("ipAccessList", Map.of("add",
                    List.of(Map.of("source", "203.0.113.0/24", "description", "office"))))).expectStatus(200); // no change
            api.as(tenant.admin()).patch(path, Map.of("publicEndpointEnabled", false, "confirmLockout", true)).expectStatus(200);

            String subject = "services/" + serviceId;
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(subject).size() >= 2);
            List<WebhookReceiver.Received> changes = receiver.acceptedFor(subject);
            assertThat(changes).as("one event per change, none for a PATCH that changed nothing")
                    .extracting(WebhookReceiver.Received::sequence).containsExactly(1L, 2L);
            assertThat(changes).extracting(WebhookReceiver.Received::type).containsOnly("privatelink.publicaccess.changed");
            assertThatCode(() -> new Webhook(secret).verify(changes.get(1).body(), changes.get(1).headers()))
                    .doesNotThrowAnyException();

            JsonNode listed = changes.get(0).event().get("data");
            assertThat(listed.get("previousIpAccessList")).isEmpty();
            assertThat(listed.at("/ipAccessList/0/source").asString()).isEqualTo("203.0.113.0/24");
            assertThat(listed.get("publicEndpointEnabled").asBoolean()).isTrue();
            JsonNode closed = changes.get(1).event().get("data");
            assertThat(closed.get("previousPublicEndpointEnabled").asBoolean()).isTrue();
            assertThat(closed.get("publicEndpointEnabled").asBoolean()).isFalse();
            assertThat(closed.get("ipAccessList")).isEqualTo(listed.get("ipAccessList"));
            // source/subject is where the API shows the service and its public side
            JsonNode service = api.as(tenant.admin()).get(changes.get(1).event().get("source").asString() + "/" + subject)
                    .expectStatus(200).result();
            assertThat(service.get("publicEndpointEnabled").asBoolean()).isFalse();
        }
    }
}
