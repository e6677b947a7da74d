package dev.privatelink.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Expired and abandoned idempotency keys go away; fresh ones stay and keep working. */
@IntegrationTest
class IdempotencyKeyCleanupIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    IdempotencyKeys keys;

    private void insert(String keyId, String key, String state, Instant createdAt, Instant expiresAt) {
        api.jdbc().sql("""
                        insert into idempotency_key (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                        values (:keyId, :key, 'h', :state, :created, :expires)""")
                .param("keyId", keyId).param("key", key).param("state", state)
                .param("created", java.sql.Timestamp.from(createdAt)).param("expires", java.sql.Timestamp.from(expiresAt))
                .update();
    }

    private List<String> keysOf(String keyId) {
        return api.jdbc().sql("select idempotency_key from idempotency_key where key_id = :keyId order by idempotency_key")
                .param("keyId", keyId).query(String.class).list();
    }

    @Test
    void thePurgeDeletesExpiredAndAbandonedKeysAndKeepsFreshOnes() {
        String keyId = "cleanup-" + UUID.randomUUID();
        Instant now = Instant.parse("2030-01-02T00:00:00Z");
        insert(keyId, "a-expired", "DONE", now.minus(Duration.ofHours(25)), now.minus(Duration.ofHours(1)));
        insert(keyId, "b-fresh", "DONE", now.minus(Duration.ofHours(23)), now.plus(Duration.ofHours(1)));
        insert(keyId, "c-abandoned", "IN_FLIGHT", now.minus(Duration.ofMinutes(6)), now.plus(Duration.ofHours(23)));
        insert(keyId, "d-running", "IN_FLIGHT", now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(23)));

        assertThat(keys.purge(now)).isGreaterThanOrEqualTo(2);

        assertThat(keysOf(keyId)).containsExactly("b-fresh", "d-running");
    }

    @Test
    void thePurgeIsARecurringSchedulerTask() {
        Integer scheduled = api.jdbc().sql("select count(*) from scheduled_tasks where task_name = :name")
                .param("name", IdempotencyKeys.Cleanup.TASK_NAME).query(Integer.class).single();
        assertThat(scheduled).as("registered once, whatever the number of replicas").isEqualTo(1);
    }

    @Test
    void aKeyAbandonedInFlightIsFreeAgainButARunningOneIsNot() {
        Tenant tenant = api.newTenant("SCALE");
        String abandoned = UUID.randomUUID().toString();
        Instant now = Instant.now();
        insert(tenant.admin().keyId(), abandoned, "IN_FLIGHT", now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofHours(23)));
        TestApi.Response retried = api.as(tenant.admin()).header("Idempotency-Key", abandoned)
                .patch(tenant.path(), Map.of("name", "after-crash")).expectStatus(200);
        assertThat(retried.result().get("name").asString()).isEqualTo("after-crash");
        // and the retry's own response is kept for the next repeat
        TestApi.Response replay = api.as(tenant.admin()).header("Idempotency-Key", abandoned)
                .patch(tenant.path(), Map.of("name", "after-crash")).expectStatus(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        String running = UUID.randomUUID().toString();
        insert(tenant.admin().keyId(), running, "IN_FLIGHT", now.minus(Duration.ofSeconds(30)), now.plus(Duration.ofHours(23)));
        api.jdbc().sql("update idempotency_key set request_hash = (select request_hash from idempotency_key where idempotency_key = :done)"
                        + " where idempotency_key = :running")
                .param("done", abandoned).param("running", running).update();
        api.as(tenant.admin()).header("Idempotency-Key", running)
                .patch(tenant.path(), Map.of("name", "after-crash")).expectStatus(409);
    }
}
