package dev.privatelink.workflow;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a step retries transient failures: exponential backoff with full jitter, at most
 * {@code maxAttempts} attempts in all (the first included). The delay before attempt {@code n + 1}
 * is uniform in {@code [0, min(cap, base * multiplier^(n-1))]}, and never shorter than a delay hint
 * the cloud gave.
 */
public record RetryPolicy(Duration base, double multiplier, Duration cap, int maxAttempts) {

    /** 1 s, doubling, at most 2 min apart, 8 attempts. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(2), 8);

    public RetryPolicy {
        if (base == null || base.isNegative() || cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("a retry policy needs 0 <= base <= cap, got base " + base + ", cap " + cap);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** The upper bound of the backoff after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration ceiling(int attempt) {
        double millis = base.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
    }

    /** The delay after failed attempt {@code attempt}: full jitter below {@link #ceiling}, at least {@code hint}. */
    public Duration delay(int attempt, Duration hint, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        Duration jittered = Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
        return hint != null && hint.compareTo(jittered) > 0 ? hint : jittered;
    }

    /** Whether another attempt may follow failed attempt {@code attempt}. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
