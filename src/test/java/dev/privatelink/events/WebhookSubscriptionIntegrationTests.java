package dev.privatelink.events;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook subscriptions through the API: made by ADMIN keys, read by DEVELOPER keys, invisible to other
 * organizations; the secret shown once; unknown event types and URLs the service must not call refused
 * with 400s that name them.
 */
@IntegrationTest
class WebhookSubscriptionIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void anAdminSubscribesAndTheSecretIsShownOnlyOnce() {
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            TestApi.Response created = api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", List.of("privatelink.endpoint.ready", "PRIVATELINK.ALLOWLIST.CHANGED", "privatelink.endpoint.ready")));

            created.expectStatus(200);
            JsonNode webhook = created.result();
            assertThat(webhook.get("secret").asString()).matches("whsec_[A-Za-z0-9+/]{43}=");
            assertThat(java.util.Base64.getDecoder().decode(webhook.get("secret").asString().substring(6))).hasSize(32);
            assertThat(webhook.get("url").asString()).isEqualTo(receiver.url());
            assertThat(webhook.get("eventTypes").valueStream().map(JsonNode::asString))
                    .containsExactly("privatelink.endpoint.ready", "privatelink.allowlist.changed");
            assertThat(webhook.get("state").asString()).isEqualTo("ACTIVE");
            String id = webhook.get("id").asString();

            JsonNode read = api.as(tenant.developer()).get(tenant.path() + "/webhooks/" + id).expectStatus(200).result();
            assertThat(read.get("url").asString()).isEqualTo(receiver.url());
            assertThat(read.has("secret")).as("the secret is never shown again").isFalse();
            JsonNode listed = api.as(tenant.developer()).get(tenant.path() + "/webhooks").expectStatus(200).result();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).has("secret")).isFalse();
            assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + id).body())
                    .doesNotContain(webhook.get("secret").asString());

            JsonNode deleted = api.as(tenant.admin()).delete(tenant.path() + "/webhooks/" + id).expectStatus(200).result();
            assertThat(deleted.get("id").asString()).isEqualTo(id);
            api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + id).expectStatus(404);
            assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks").expectStatus(200).result()).isEmpty();
        }
    }

    @Test
    void developersReadOperatorsAndDevelopersCannotWriteAndOtherOrganizationsSeeNothing() {
        Tenant tenant = api.newTenant("SCALE");
        Tenant other = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Map<String, Object> body = Map.of("url", receiver.url(), "eventTypes", List.of("privatelink.endpoint.ready"));
            String id = api.as(tenant.admin()).post(tenant.path() + "/webhooks", body).expectStatus(200).result().get("id").asString();

            assertThat(api.as(tenant.developer()).post(tenant.path() + "/webhooks", body).status()).isEqualTo(403);
            assertThat(api.as(tenant.developer()).delete(tenant.path() + "/webhooks/" + id).status()).isEqualTo(403);
            assertThat(api.as(Credentials.DEV_OPERATOR).post(tenant.path() + "/webhooks", body).status()).isEqualTo(403);
            assertThat(api.as(Credentials.DEV_OPERATOR).get(tenant.path() + "/webhooks/" + id).status())
                    .as("operators read everything").isEqualTo(200);
            assertThat(api.as(tenant.developer()).get(tenant.path() + "/webhooks/" + id + "/deliveries").status()).isEqualTo(200);

            for (Credentials outsider : List.of(other.admin(), other.developer())) {
                assertThat(api.as(outsider).get(tenant.path() + "/webhooks").status()).isEqualTo(404);
                assertThat(api.as(outsider).get(tenant.path() + "/webhooks/" + id).status()).isEqualTo(404);
                assertThat(api.as(outsider).delete(tenant.path() + "/webhooks/" + id).status()).isEqualTo(404);
                assertThat(api.as(outsider).post(tenant.path() + "/webhooks", body).status()).isEqualTo(404);
            }
            assertThat(api.as(other.admin()).get(other.path() + "/webhooks/" + id).status())
                    .as("another organization's webhook under one's own organization").isEqualTo(404);
            assertThat(api.anonymous().get(tenant.path() + "/webhooks").status()).isEqualTo(401);
        }
    }

    @Test
    void anUnknownEventTypeIsRefusedByName() {
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            TestApi.Response refused = api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", List.of("privatelink.endpoint.ready", "privatelink.endpoint.redy")));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString())
                    .contains("eventTypes[1] 'privatelink.endpoint.redy' is not an event type")
                    .contains("privatelink.reverseendpoint.ready", "privatelink.publicaccess.changed");
            assertThat(api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", List.of())).status()).as("no event type at all").isEqualTo(400);
        }
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks").expectStatus(200).result()).isEmpty();
    }

    @Test
    void everyTypeTheIssueListsCanBeSubscribedTo() {
        Tenant tenant = api.newTenant("SCALE");
        List<String> types = List.of("privatelink.endpoint.provisioning", "privatelink.endpoint.waitingforconnection",
                "privatelink.endpoint.pendingacceptance", "privatelink.endpoint.ready", "privatelink.endpoint.rejected",
                "privatelink.endpoint.failed", "privatelink.endpoint.expired", "privatelink.endpoint.deleting",
                "privatelink.endpoint.removed", "privatelink.reverseendpoint.provisioning",
                "privatelink.reverseendpoint.pendingacceptance", "privatelink.reverseendpoint.ready",
                "privatelink.reverseendpoint.failed", "privatelink.reverseendpoint.rejected", "privatelink.reverseendpoint.expired",
                "privatelink.reverseendpoint.deleting", "privatelink.reverseendpoint.removed", "privatelink.allowlist.changed",
                "privatelink.publicaccess.changed");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            JsonNode webhook = api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", types)).expectStatus(200).result();
            assertThat(webhook.get("eventTypes").valueStream().map(JsonNode::asString)).containsExactlyElementsOf(types);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ftp://127.0.0.1/hooks",                      // not https
            "http://10.0.0.5/hooks",                       // private (RFC 1918)
            "https://192.168.1.20/hooks",                  // private
            "https://172.16.0.1/hooks",                    // private
            "https://169.254.169.254/latest/meta-data/",   // link-local: the cloud's instance metadata
            "https://100.64.0.1/hooks",                    // carrier-grade NAT
            "https://[fd00::1]/hooks",                     // unique local IPv6
            "https://[fe80::1]/hooks",                     // link-local IPv6
            "https://[::ffff:10.0.0.5]/hooks",             // private IPv4 inside IPv6
            "https://0.0.0.0/hooks",                       // unspecified
            "https://224.0.0.1/hooks",                     // multicast
            "https://user:password@127.0.0.1/hooks",       // credentials in the URL
            "https://no-such-host.invalid/hooks",          // does not resolve
            "not a url at all"})
    void aUrlTheServiceMustNotOrCannotCallIsRefusedByName(String url) {
        Tenant tenant = api.newTenant("SCALE");

        TestApi.Response refused = api.as(tenant.admin()).post(tenant.path() + "/webhooks",
                Map.of("url", url, "eventTypes", List.of("privatelink.endpoint.ready")));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("url '" + url + "'");
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks").expectStatus(200).result()).isEmpty();
    }

    @Test
    void anUnreachableUrlIsRefused() throws IOException {
        Tenant tenant = api.newTenant("SCALE");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/hooks";

        TestApi.Response refused = api.as(tenant.admin()).post(tenant.path() + "/webhooks",
                Map.of("url", url, "eventTypes", List.of("privatelink.endpoint.ready")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("url '" + url + "' is unreachable");
    }

    @Test
    void theDeliveryLogOfAnotherOrganizationsWebhookIsNotFound() {
        Tenant tenant = api.newTenant("SCALE");
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + UUID.randomUUID() + "/deliveries").status())
                .isEqualTo(404);
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/webhooks/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
