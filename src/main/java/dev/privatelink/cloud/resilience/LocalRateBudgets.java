package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/** Budgets counted in this JVM only: for tools and tests that run a guard without a database. */
public final class LocalRateBudgets implements RateBudgets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Permit take(String name, ApiClass.Window window) {
        ConsumptionProbe probe = buckets.computeIfAbsent(name, n -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(window.permits()).refillIntervally(window.permits(), window.period()))
                        .build())
                .tryConsumeAndReturnRemaining(1);
        return new Permit(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
