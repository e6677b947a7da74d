package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every real cloud call goes through here: rate budget per provider/account/region/API class,
 * circuit breaker per provider and region, retries for transient errors, a timer per call, and
 * classification into {@link CloudException}. A call that cannot get a permit, or meets an open
 * circuit, is not made and not waited for: it fails at once with
 * {@link dev.privatelink.cloud.CloudErrorKind#UNAVAILABLE} and a retry-after hint, so the workflow
 * reschedules the step instead of blocking a thread.
 *
 * <p>Retries live here and only here: adapters switch their SDK's own retries off. One layer means
 * every attempt draws a permit from the budget (SDK-internal retries would bypass it), attempts do
 * not multiply (SDK 3 × ours 3 = 9 requests), and the same policy serves AWS and Azure. Waits between
 * attempts are short and jittered; a cloud asking for a longer pause (Retry-After beyond
 * {@link ResilienceProperties#maxInlineWait()}) ends the call with the hint instead.
 */
@Component
public class CloudCallGuard {

    private static final Logger log = LoggerFactory.getLogger(CloudCallGuard.class);

    /** Timer per cloud call, tagged provider, operation and outcome ({@code success} or the error kind). */
    public static final String TIMER = "privatelink.cloud.calls";
    /**
     * Counter of attempts not made, tagged provider, api_class and reason ({@code RateBudgetExhausted} or
     * {@code CircuitOpen}): the step is rescheduled, so this is where an exhausted budget shows.
     */
    public static final String REFUSALS = "privatelink.cloud.refusals";

    private final ResilienceProperties settings;
    private final MeterRegistry meters;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final CircuitBreakerRegistry breakers;
    private final Retry retry;

    /** A guard with default settings and its own meter registry (tests, tools). */
    public CloudCallGuard() {
        this(ResilienceProperties.defaults(), new SimpleMeterRegistry());
    }

    @Autowired
    public CloudCallGuard(ResilienceProperties settings, ObjectProvider<MeterRegistry> meters) {
        this(settings, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    public CloudCallGuard(ResilienceProperties settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindow(settings.breakerWindow(), settings.breakerMinimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                // only transient failures say the cloud is unwell; a rejection or "not found" is an answer
                .recordException(e -> kindOf(e) == CloudErrorKind.RETRYABLE)
                .ignoreException(e -> kindOf(e) == CloudErrorKind.THROTTLED)
                .build());
        this.retry = Retry.of("cloud-calls", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(this::worthRetryingNow)
                .intervalBiFunction(this::waitBeforeNextAttempt)
                .failAfterMaxAttempts(false)
                .build());
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /** Runs {@code call} under the budgets of {@code site}; SDK exceptions come out classified. */
    public <T> T call(CallSite site, Supplier<T> call, ErrorClassifier classifier) {
        long start = System.nanoTime();
        String outcome = "success";
        CloudException[] lastCloudAnswer = new CloudException[1];
        try {
            return retry.executeSupplier(() -> {
                try {
                    return attempt(site, call, classifier);
                } catch (CloudException e) {
                    if (e.kind() != CloudErrorKind.UNAVAILABLE) {
                        lastCloudAnswer[0] = e;
                    }
                    throw e;
                }
            });
        } catch (CloudException e) {
            CloudException reported = cloudAnswerOverRefusal(e, lastCloudAnswer[0]);
            outcome = reported.kind().name().toLowerCase(Locale.ROOT);
            throw withHint(reported, site);
        } finally {
            Timer.builder(TIMER)
                    .description("Cloud API calls through the guard, retries included")
                    .tag("provider", site.provider().wireName())
                    .tag("operation", site.operation())
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** {@link #call} for calls without a result. */
    public void run(CallSite site, Runnable call, ErrorClassifier classifier) {
        call(site, () -> {
            call.run();
            return null;
        }, classifier);
    }

    /** The budget a call site draws from: {@code permits} per {@code period}, for operators and tests. */
    public ApiClass.Window budget(ApiClass apiClass) {
        return apiClass.window(settings.budgetFraction());
    }

    private <T> T attempt(CallSite site, Supplier<T> call, ErrorClassifier classifier) {
        CircuitBreaker breaker = breakers.circuitBreaker(site.provider().wireName() + ":" + site.region());
        if (!breaker.tryAcquirePermission()) {
            countRefusal(site, "CircuitOpen");
            throw refused(site, "CircuitOpen", "the circuit for " + site.provider() + " " + site.region()
                    + " is open after repeated transient failures", settings.breakerOpenFor());
        }
        RateLimiter limiter = limiter(site);
        if (!limiter.acquirePermission()) {
            breaker.releasePermission();
            countRefusal(site, "RateBudgetExhausted");
            throw refused(site, "RateBudgetExhausted", "no permit left in the " + site.apiClass()
                    + " budget of " + limiter.getName(), nanosToPermit(limiter));
        }
        long start = breaker.getCurrentTimestamp();
        try {
            T result = call.get();
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            return result;
        } catch (RuntimeException e) {
            CloudException classified = e instanceof CloudException ce ? ce : classifier.classify(site, e);
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), classified);
            log.debug("{} {} {} failed: {} {}", site.provider(), site.region(), site.operation(),
                    classified.kind(), classified.code());
            throw classified;
        }
    }

    private void countRefusal(CallSite site, String reason) {
        meters.counter(REFUSALS, "provider", site.provider().wireName(), "api_class", site.apiClass().name(),
                "reason", reason).increment();
    }

    private RateLimiter limiter(CallSite site) {
        String name = String.join(":", site.provider().wireName(), String.valueOf(site.account()),
                site.region(), site.apiClass().name());
        return limiters.rateLimiter(name, () -> {
            ApiClass.Window window = budget(site.apiClass());
            return RateLimiterConfig.custom()
                    .limitForPeriod(window.permits())
                    .limitRefreshPeriod(window.period())
                    .timeoutDuration(Duration.ZERO) // never wait for a permit: the caller reschedules
                    .build();
        });
    }

    private static Duration nanosToPermit(RateLimiter limiter) {
        long nanos = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics
                ? metrics.getNanosToWait()
                : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        return Duration.ofNanos(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    private boolean worthRetryingNow(Throwable error) {
        if (!(error instanceof CloudException e)) {
            return false;
        }
        boolean transientFailure = e.kind() == CloudErrorKind.RETRYABLE || e.kind() == CloudErrorKind.THROTTLED;
        return transientFailure && e.retryAfter().map(d -> d.compareTo(settings.maxInlineWait()) <= 0).orElse(true);
    }

    /** Full-jitter exponential backoff, never shorter than the cloud's Retry-After. */
    private Long waitBeforeNextAttempt(Integer attempt, Either<Throwable, Object> outcome) {
        long ceiling = Math.min(settings.backoff().toMillis() << Math.min(attempt - 1, 10),
                settings.maxInlineWait().toMillis());
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        long asked = outcome.isLeft() && outcome.getLeft() instanceof CloudException e
                ? e.retryAfter().map(Duration::toMillis).orElse(0L)
                : 0L;
        return Math.max(jittered, asked);
    }

    /**
     * A retry refused by our own budget or breaker after the cloud failed: the cloud's answer is what
     * the caller needs to know, with the wait our refusal asks for.
     */
    private static CloudException cloudAnswerOverRefusal(CloudException thrown, CloudException lastCloudAnswer) {
        if (thrown.kind() != CloudErrorKind.UNAVAILABLE || lastCloudAnswer == null) {
            return thrown;
        }
        Duration wait = thrown.retryAfter().orElse(Duration.ZERO);
        Duration asked = lastCloudAnswer.retryAfter().orElse(Duration.ZERO);
        return new CloudException(lastCloudAnswer.provider(), lastCloudAnswer.operation(), lastCloudAnswer.code(),
                lastCloudAnswer.kind(), lastCloudAnswer.getMessage(), wait.compareTo(asked) > 0 ? wait : asked,
                lastCloudAnswer.getCause());
    }

    /** Transient failures leave with a hint, so workflows need not guess when to come back. */
    private CloudException withHint(CloudException e, CallSite site) {
        if (e.retryAfter().isPresent() || (e.kind() != CloudErrorKind.THROTTLED && e.kind() != CloudErrorKind.RETRYABLE)) {
            return e;
        }
        Duration hint = e.kind() == CloudErrorKind.THROTTLED
                ? budget(site.apiClass()).period()
                : settings.maxInlineWait();
        return new CloudException(e.provider(), e.operation(), e.code(), e.kind(), e.getMessage(), hint, e.getCause());
    }

    private static CloudException refused(CallSite site, String code, String message, Duration retryAfter) {
        return new CloudException(site.provider(), site.operation(), code, CloudErrorKind.UNAVAILABLE,
                message, retryAfter, null);
    }

    private static CloudErrorKind kindOf(Throwable e) {
        return e instanceof CloudException ce ? ce.kind() : null;
    }
}
