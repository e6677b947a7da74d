package dev.privatelink.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log shows who changed what through the API, when, in which request, and each changed
 * field before and after; never a secret; only the organization's own entries to its keys, every
 * organization's to operators.
 */
@IntegrationTest
class AuditLogIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void allowListChangesShowWhoMadeThemWithWhatChanged() {
        Tenant tenant = api.newTenant("SCALE");
        Credentials secondAdmin = api.newKey(tenant.admin(), tenant.orgId().toString(), "ADMIN");
        String serviceId = new EventFlows(api).newService(tenant);
        String path = tenant.path() + "/services/" + serviceId;

        TestApi.Response first = api.as(tenant.admin()).patch(path, Map.of("privateEndpointIds",
                Map.of("add", List.of("vpce-0aaaaaaaaaaaaaaa1", "vpce-0aaaaaaaaaaaaaaa2")))).expectStatus(200);
        TestApi.Response second = api.as(secondAdmin).patch(path, Map.of("privateEndpointIds",
                Map.of("remove", List.of("vpce-0aaaaaaaaaaaaaaa1"), "add", List.of("vpce-0aaaaaaaaaaaaaaa3")))).expectStatus(200);

        JsonNode entries = api.as(tenant.developer()).get(tenant.path() + "/auditLog?resourceType=service").expectStatus(200).result();
        List<JsonNode> allowListChanges = entries.valueStream()
                .filter(e -> e.get("changes").valueStream().anyMatch(c -> c.get("field").asString().equals("privateEndpointIds")))
                .toList();
        assertThat(allowListChanges).hasSize(2);
        JsonNode byFirst = allowListChanges.get(0);
        assertThat(byFirst.get("keyId").asString()).isEqualTo(tenant.admin().keyId());
        assertThat(byFirst.get("role").asString()).isEqualTo("ADMIN");
        assertThat(byFirst.get("requestId").asString()).isEqualTo(first.header("X-Request-Id"));
        assertThat(byFirst.get("action").asString()).isEqualTo("PATCH /v1/organizations/{orgId}/services/{serviceId}");
        assertThat(byFirst.get("path").asString()).isEqualTo(path);
        assertThat(byFirst.get("resourceId").asString()).isEqualTo(serviceId);
        assertThat(byFirst.get("organizationId").asString()).isEqualTo(tenant.orgId().toString());
        assertThat(change(byFirst, "privateEndpointIds").get("before")).isEmpty();
        assertThat(change(byFirst, "privateEndpointIds").get("after").valueStream().map(JsonNode::asString))
                .containsExactly("vpce-0aaaaaaaaaaaaaaa1", "vpce-0aaaaaaaaaaaaaaa2");
        JsonNode bySecond = allowListChanges.get(1);
        assertThat(bySecond.get("keyId").asString()).isEqualTo(secondAdmin.keyId());
        assertThat(bySecond.get("requestId").asString()).isEqualTo(second.header("X-Request-Id"));
        assertThat(change(bySecond, "privateEndpointIds").get("before").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("vpce-0aaaaaaaaaaaaaaa1", "vpce-0aaaaaaaaaaaaaaa2");
        assertThat(change(bySecond, "privateEndpointIds").get("after").valueStream().map(JsonNode::asString))
                .containsExactly("vpce-0aaaaaaaaaaaaaaa2", "vpce-0aaaaaaaaaaaaaaa3");
        assertThat(Instant.parse(bySecond.get("at").asString())).isAfterOrEqualTo(Instant.parse(byFirst.get("at").asString()));

        // the registrations those requests made are there too, by the same requests
        JsonNode registrations = api.as(tenant.admin()).get(tenant.path() + "/auditLog?resourceType=privateEndpoint")
                .expectStatus(200).result();
        assertThat(registrations.valueStream().filter(e -> e.get("requestId").asString().equals(first.header("X-Request-Id"))))
                .hasSize(2).allSatisfy(e -> assertThat(change(e, "status").get("after").asString()).isEqualTo("Provisioning"));
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/auditLog?keyId=" + secondAdmin.keyId()).expectStatus(200)
                .result().valueStream().map(e -> e.get("keyId").asString()).distinct()).containsExactly(secondAdmin.keyId());
    }

    @Test
    void renamesShowTheNameBeforeAndAfter() {
        Tenant tenant = api.newTenant("SCALE");
        String before = api.as(tenant.admin()).get(tenant.path()).expectStatus(200).result().get("name").asString();

        api.as(tenant.admin()).patch(tenant.path(), Map.of("name", "renamed")).expectStatus(200);

        JsonNode entry = api.as(tenant.admin()).get(tenant.path() + "/auditLog?resourceType=organization").expectStatus(200)
                .result().valueStream().filter(e -> e.get("action").asString().startsWith("PATCH")).findFirst().orElseThrow();
        assertThat(entry.get("changes")).hasSize(1);
        assertThat(change(entry, "name").get("before").asString()).isEqualTo(before);
        assertThat(change(entry, "name").get("after").asString()).isEqualTo("renamed");
    }

    @Test
    void secretsAreNeverRecorded() {
        Tenant tenant = api.newTenant("SCALE");
        JsonNode key = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "ci", "role", "DEVELOPER"))
                .expectStatus(200).result();
        String webhookSecret;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            webhookSecret = api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", List.of("privatelink.endpoint.ready"))).expectStatus(200).result().get("secret").asString();
        }

        String log = api.as(tenant.admin()).get(tenant.path() + "/auditLog").expectStatus(200).body();

        JsonNode entries = api.as(tenant.admin()).get(tenant.path() + "/auditLog").expectStatus(200).result();
        JsonNode keyCreated = entries.valueStream().filter(e -> e.get("resourceType").asString().equals("apiKey")
                && e.get("resourceId").asString().equals(key.get("keyId").asString())).findFirst().orElseThrow();
        assertThat(change(keyCreated, "role").get("after").asString()).isEqualTo("DEVELOPER");
        assertThat(change(keyCreated, "name").get("after").asString()).isEqualTo("ci");
        JsonNode webhookCreated = entries.valueStream().filter(e -> e.get("resourceType").asString().equals("webhook"))
                .findFirst().orElseThrow();
        assertThat(change(webhookCreated, "eventTypes").get("after").get(0).asString()).isEqualTo("privatelink.endpoint.ready");
        assertThat(log).doesNotContain(key.get("keySecret").asString()).doesNotContain(webhookSecret)
                .doesNotContain(webhookSecret.substring(6)).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("hash");
        assertThat(api.jdbc().sql("select count(*) from audit_entry where changes::text like :secret or changes::text like :hash")
                .param("secret", "%" + key.get("keySecret").asString() + "%").param("hash", "%" + webhookSecret.substring(6) + "%")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aRefusedChangeLeavesNoEntryAndAChangeWithoutFieldsLeavesOneWithItsAction() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = new EventFlows(api).newService(tenant);
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", "aws", "id", "vpce-0ccccccccccccccc1", "region", "ap-southeast-5"))))).expectStatus(200);

        TestApi.Response refused = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("privateEndpointIds",
                Map.of("add", List.of("vpce-0ccccccccccccccc2", "vpce-0ccccccccccccccc1"))));
        assertThat(refused.status()).isEqualTo(400);
        TestApi.Response sandbox = api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", new EventFlows(api).serviceName(tenant, serviceId), "region", "us-west-2")).expectStatus(200);

        JsonNode entries = api.as(tenant.admin()).get(tenant.path() + "/auditLog").expectStatus(200).result();
        assertThat(entries.valueStream().filter(e -> e.get("requestId").asString().equals(refused.header("X-Request-Id"))))
                .as("the refused request changed nothing").isEmpty();
        JsonNode created = entries.valueStream().filter(e -> e.get("requestId").asString().equals(sandbox.header("X-Request-Id")))
                .findFirst().orElseThrow();
        assertThat(created.get("action").asString()).isEqualTo("POST /v1/sandbox/aws/vpcEndpoints");
        assertThat(created.get("changes")).isEmpty();
    }

    @Test
    void organizationsSeeTheirOwnEntriesAndOperatorsSeeAll() {
        Tenant tenant = api.newTenant("SCALE");
        Tenant other = api.newTenant("SCALE");
        api.as(tenant.admin()).patch(tenant.path(), Map.of("name", "one")).expectStatus(200);
        api.as(other.admin()).patch(other.path(), Map.of("name", "two")).expectStatus(200);

        assertThat(api.as(other.admin()).get(tenant.path() + "/auditLog").status()).isEqualTo(404);
        assertThat(api.as(tenant.developer()).get(tenant.path() + "/auditLog").expectStatus(200).result().valueStream()
                .map(e -> e.get("organizationId").asString()).distinct()).containsExactly(tenant.orgId().toString());
        assertThat(api.as(tenant.admin()).get("/v1/operator/auditLog").status()).isEqualTo(403);
        JsonNode all = api.as(Credentials.DEV_OPERATOR).get("/v1/operator/auditLog?pageSize=1000&organizationId=" + other.orgId())
                .expectStatus(200).result();
        assertThat(all.valueStream().map(e -> e.get("organizationId").asString()).distinct()).containsExactly(other.orgId().toString());
        assertThat(api.as(Credentials.DEV_OPERATOR).get(tenant.path() + "/auditLog").status()).isEqualTo(200);

        TestApi.Response page = api.as(tenant.admin()).get(tenant.path() + "/auditLog?pageSize=1").expectStatus(200);
        assertThat(page.result()).hasSize(1);
        String next = page.json().get("nextPageToken").asString();
        JsonNode second = api.as(tenant.admin()).get(tenant.path() + "/auditLog?pageSize=1&pageToken=" + next).expectStatus(200).result();
        assertThat(second.get(0).get("id").asString()).isNotEqualTo(page.result().get(0).get("id").asString());
    }

    private static JsonNode change(JsonNode entry, String field) {
        return entry.get("changes").valueStream().filter(c -> c.get("field").asString().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + field + " in " + entry));
    }
}
