package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of {@link CloudCallGuard} ({@code privatelink.clouds.resilience.*}); the defaults suit
 * production.
 *
 * @param budgetFraction        share of each published cloud bucket we allow ourselves (at most 0.9)
 * @param maxAttempts           attempts per call, first one included, for throttled, 5xx and timed-out calls
 * @param backoff               base of the exponential, jittered wait between attempts
 * @param maxInlineWait         the longest wait between attempts done in-thread; a longer Retry-After
 *                              ends the call with the hint so the workflow reschedules instead
 * @param breakerFailureRate    percentage of transient failures that opens a provider+region circuit
 * @param breakerWindow         number of recent calls the failure rate is computed over
 * @param breakerMinimumCalls   calls needed before the failure rate counts
 * @param breakerOpenFor        how long an open circuit refuses calls before letting probes through
 * @param buckets               the cloud's bucket per API class where it differs from the published one
 *                              (a raised limit, a stricter account); budgets are derived from these
 */
@ConfigurationProperties("privatelink.clouds.resilience")
public record ResilienceProperties(
        Double budgetFraction,
        Integer maxAttempts,
        Duration backoff,
        Duration maxInlineWait,
        Float breakerFailureRate,
        Integer breakerWindow,
        Integer breakerMinimumCalls,
        Duration breakerOpenFor,
        Map<ApiClass, CloudBucket> buckets) {

    public ResilienceProperties {
        budgetFraction = budgetFraction == null ? 0.9 : budgetFraction;
        if (budgetFraction <= 0 || budgetFraction > 0.9) {
            throw new IllegalArgumentException("privatelink.clouds.resilience.budget-fraction must be in (0, 0.9]");
        }
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("privatelink.clouds.resilience.max-attempts must be at least 1");
        }
        backoff = backoff == null ? Duration.ofMillis(200) : backoff;
        maxInlineWait = maxInlineWait == null ? Duration.ofSeconds(2) : maxInlineWait;
        breakerFailureRate = breakerFailureRate == null ? 50f : breakerFailureRate;
        breakerWindow = breakerWindow == null ? 20 : breakerWindow;
        breakerMinimumCalls = breakerMinimumCalls == null ? 10 : breakerMinimumCalls;
        breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(30) : breakerOpenFor;
        buckets = buckets == null ? Map.of() : Map.copyOf(buckets);
    }

    /** Same settings, the budgets derived from these cloud buckets. */
    public ResilienceProperties withBuckets(Map<ApiClass, CloudBucket> buckets) {
        return new ResilienceProperties(budgetFraction, maxAttempts, backoff, maxInlineWait, breakerFailureRate,
                breakerWindow, breakerMinimumCalls, breakerOpenFor, buckets);
    }

    /** The budget {@code apiClass} draws from: at most {@link #budgetFraction} of the cloud's bucket. */
    public ApiClass.Window window(ApiClass apiClass) {
        CloudBucket bucket = buckets.get(apiClass);
        int burst = bucket == null || bucket.burst() == null ? apiClass.burst() : bucket.burst();
        double refill = bucket == null || bucket.refillPerSecond() == null ? apiClass.refillPerSecond() : bucket.refillPerSecond();
        return ApiClass.window(budgetFraction, burst, refill);
    }

    /**
     * A cloud's token bucket: {@code burst} calls at once, {@code refillPerSecond} on average.
     *
     * @param burst           bucket size; unset: the published one
     * @param refillPerSecond tokens added per second; unset: the published rate
     */
    public record CloudBucket(Integer burst, Double refillPerSecond) {

        public CloudBucket {
            if (burst != null && burst < 1) {
                throw new IllegalArgumentException("privatelink.clouds.resilience.buckets.*.burst must be at least 1");
            }
            if (refillPerSecond != null && refillPerSecond <= 0) {
                throw new IllegalArgumentException("privatelink.clouds.resilience.buckets.*.refill-per-second must be positive");
            }
        }
    }

    /** Every default. */
    public static ResilienceProperties defaults() {
        return new ResilienceProperties(null, null, null, null, null, null, null, null, null);
    }
}
