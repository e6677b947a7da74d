package dev.privatelink.apikey.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verified-key cache: no database read within its time to live, and revocation bounded by it. */
class VerifiedKeysUnitTests {

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final VerifiedKeys keys = new VerifiedKeys(new VerifiedKeys.Settings(Duration.ofSeconds(5), 100), clock);
    final Caller caller = new Caller("key-1", UUID.randomUUID(), Role.ADMIN);
    final AtomicInteger reads = new AtomicInteger();
    /** What the database says about key-1 right now. */
    volatile boolean active = true;

    Optional<VerifiedKeys.Verified> database(String secret) {
        reads.incrementAndGet();
        return active && secret.equals("right") ? Optional.of(new VerifiedKeys.Verified(caller, null)) : Optional.empty();
    }

    @Test
    void aVerifiedKeyIsNotReadAgainWithinTheTimeToLive() {
        assertThat(keys.caller("key-1", "right", () -> database("right"))).contains(caller);
        clock.advance(Duration.ofSeconds(4));
        assertThat(keys.caller("key-1", "right", () -> database("right"))).contains(caller);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aWrongSecretIsAlwaysCheckedAgainstTheDatabaseAndNeverKept() {
        keys.caller("key-1", "right", () -> database("right"));
        assertThat(keys.caller("key-1", "wrong", () -> database("wrong"))).isEmpty();
        assertThat(keys.caller("key-1", "wrong", () -> database("wrong"))).isEmpty();
        assertThat(reads).hasValue(3);
    }

    @Test
    void aKeyRevokedOnAnotherReplicaIsRefusedOnceTheTimeToLiveHasPassed() {
        keys.caller("key-1", "right", () -> database("right"));
        active = false; // revoked elsewhere: this replica's cache was not told
        clock.advance(Duration.ofSeconds(5).plusMillis(1));
        assertThat(keys.caller("key-1", "right", () -> database("right"))).isEmpty();
    }

    @Test
    void aKeyRevokedHereIsRefusedAtOnce() {
        keys.caller("key-1", "right", () -> database("right"));
        active = false;
        keys.forget("key-1");
        assertThat(keys.caller("key-1", "right", () -> database("right"))).isEmpty();
    }

    @Test
    void anExpiredKeyIsRefusedEvenWhileItsEntryLives() {
        VerifiedKeys.Verified expiring = new VerifiedKeys.Verified(caller, clock.instant().plusSeconds(2));
        keys.caller("key-1", "right", () -> Optional.of(expiring));
        clock.advance(Duration.ofSeconds(3));
        assertThat(keys.caller("key-1", "right", () -> database("wrong"))).isEmpty();
    }
}
