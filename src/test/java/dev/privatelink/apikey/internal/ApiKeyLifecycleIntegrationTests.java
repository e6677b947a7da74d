package dev.privatelink.apikey.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ApiKeyLifecycleIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void theSecretIsShownOnceAndStoredOnlyAsAHash() {
        Tenant tenant = api.newTenant("BASIC");
        TestApi.Response created = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "ci", "role", "DEVELOPER"))
                .expectStatus(200);
        String keyId = created.result().get("keyId").asString();
        String secret = created.result().get("keySecret").asString();

        assertThat(secret).hasSizeGreaterThanOrEqualTo(22); // ≥ 128 bits in a 62-letter alphabet
        TestApi.Response listed = api.as(tenant.admin()).get(tenant.path() + "/keys").expectStatus(200);
        assertThat(listed.body()).contains(keyId).doesNotContain(secret).doesNotContain("keySecret");
        String stored = api.jdbc().sql("select secret_hash from api_key where key_id = ?").param(keyId).query(String.class).single();
        assertThat(stored).isNotEqualTo(secret).doesNotContain(secret).hasSize(64);
        assertThat(api.as(new Credentials(keyId, secret)).get(tenant.path()).status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        Tenant tenant = api.newTenant("BASIC");
        Credentials key = api.newKey(tenant.admin(), tenant.orgId().toString(), "DEVELOPER");
        api.as(key).get(tenant.path()).expectStatus(200);

        TestApi.Response revoked = api.as(tenant.admin()).delete(tenant.path() + "/keys/" + key.keyId()).expectStatus(200);

        assertThat(revoked.result().get("state").asString()).isEqualTo("disabled");
        TestApi.Response refused = api.as(key).get(tenant.path());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void anExpiredKeyIsRefusedLikeAWrongOne() {
        Tenant tenant = api.newTenant("BASIC");
        Credentials key = api.newKey(tenant.admin(), tenant.orgId().toString(), "DEVELOPER");
        api.jdbc().sql("update api_key set expires_at = now() - interval '1 second' where key_id = ?").param(key.keyId()).update();

        TestApi.Response expired = api.as(key).get(tenant.path());
        TestApi.Response wrong = api.as(new Credentials(key.keyId(), "not-the-secret")).get(tenant.path());
        TestApi.Response unknown = api.as(new Credentials("no-such-key", "x")).get(tenant.path());

        assertThat(expired.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());
    }

    @Test
    void aKeyCreatedWithAPastExpiryIsRefused() {
        Tenant tenant = api.newTenant("BASIC");

        TestApi.Response response = api.as(tenant.admin()).post(tenant.path() + "/keys",
                Map.of("name", "late", "role", "ADMIN", "expiresAt", Instant.now().minus(1, ChronoUnit.DAYS).toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("expiresAt must be in the future");
    }

    @Test
    void useIsRecordedOnTheKey() {
        Tenant tenant = api.newTenant("BASIC");
        Credentials key = api.newKey(tenant.admin(), tenant.orgId().toString(), "DEVELOPER");
        api.as(key).get(tenant.path()).expectStatus(200);

        TestApi.Response listed = api.as(tenant.admin()).get(tenant.path() + "/keys").expectStatus(200);

        var entry = java.util.stream.StreamSupport.stream(listed.result().spliterator(), false)
                .filter(k -> k.get("keyId").asString().equals(key.keyId())).findFirst().orElseThrow();
        assertThat(entry.get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void adminsCannotMintOperatorKeys() {
        Tenant tenant = api.newTenant("BASIC");

        TestApi.Response response = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "x", "role", "OPERATOR"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("only OPERATOR keys may create OPERATOR keys");
    }
}
