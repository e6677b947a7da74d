package dev.privatelink.apikey.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.privatelink.security.Caller;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys verified recently, so that an authenticated request costs no database round trip: the
 * key id and a hash of the presented secret map to the caller they proved, for
 * {@code privatelink.api-keys.verified-cache-ttl}. Only successful verifications are kept; a wrong
 * secret never matches an entry (it hashes differently) and always goes to the database.
 *
 * <p>Revocation takes effect at once on the replica that revoked the key (its entries are dropped when
 * the revocation commits) and within the time to live on every other replica; an expiring key is
 * refused from its expiry on, entry or not (the expiry is kept in the entry).
 */
@Component
@EnableConfigurationProperties(VerifiedKeys.Settings.class)
class VerifiedKeys {

    private final Cache<String, Verified> verified;
    private final Clock clock;

    VerifiedKeys(Settings settings, Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(settings.verifiedCacheTtl())
                .maximumSize(settings.verifiedCacheTtl().isZero() ? 0 : settings.verifiedCacheSize())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())) // the service's clock: tests move it
                .executor(Runnable::run)
                .build();
    }

    /**
     * The caller this key id and secret prove: from a verification at most the time to live old, or
     * else from {@code verify} (which reads the key and checks the secret), kept when it succeeds.
     */
    Optional<Caller> caller(String keyId, String secret, Supplier<Optional<Verified>> verify) {
        String entry = keyId + ":" + SecretHash.hash(keyId, secret);
        Instant now = clock.instant();
        Verified hit = verified.getIfPresent(entry);
        if (hit != null && hit.admitsAt(now)) {
            return Optional.of(hit.caller());
        }
        Optional<Verified> fresh = verify.get();
        fresh.ifPresent(v -> verified.put(entry, v));
        return fresh.map(Verified::caller);
    }

    /** Drops every entry of the key once the current transaction commits (at once outside one). */
    void forget(String keyId) {
        Runnable drop = () -> verified.asMap().keySet().removeIf(k -> k.startsWith(keyId + ":"));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            drop.run();
            return;
        }
        drop.run(); // a request racing the revocation may still load the old state: drop again after commit
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                drop.run();
            }
        });
    }

    /** A successful verification: who the key is, and until when it may be used. */
    record Verified(Caller caller, Instant expiresAt) {
        boolean admitsAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /**
     * @param verifiedCacheTtl  how long a verified key is trusted without reading it again: the bound on how
     *                          late a revocation takes effect on other replicas; {@code 0s} reads every time
     * @param verifiedCacheSize how many verified keys are kept at most
     */
    @ConfigurationProperties("privatelink.api-keys")
    record Settings(@DefaultValue("5s") Duration verifiedCacheTtl, @DefaultValue("10000") long verifiedCacheSize) {
    }
}
