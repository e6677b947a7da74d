package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every real cloud call goes through here: rate budget per provider/account/region/API class
 * (counted in PostgreSQL, so shared by all replicas: {@link SharedRateBudgets}),
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
     * Counter of attempts not made, tagged provider, api_class and reason ({@code RateBudgetExhausted},
     * {@code RateBudgetUnavailable} or
     * {@code CircuitOpen}): the step is rescheduled, so this is where an exhausted budget shows.
     */
    public static final String REFUSALS = "privatelink.cloud.refusals";
    /** Gauge of the permits left in each rate budget after its latest call here, tagged {@code name}. */
    public static final String BUDGET_PERMITS = "privatelink.cloud.budget.permits";

    private final ResilienceProperties settings;
    private final MeterRegistry meters;
    private final RateBudgets budgets;
    private final Map<String, AtomicLong> permitsLeft = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakers;
    private final Retry retry;

    /** A guard with default settings, budgets in this JVM and its own meter registry (tests, tools). */
    public CloudCallGuard() {
        this(ResilienceProperties.defaults(), new SimpleMeterRegistry());
    }

    @Autowired
    public CloudCallGuard(ResilienceProperties settings, RateBudgets budgets, ObjectProvider<MeterRegistry> meters) {
        this(settings, budgets, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** A guard whose budgets are counted in this JVM only (tests, tools). */
    public CloudCallGuard(ResilienceProperties settings, MeterRegistry meters) {
        this(settings, new LocalRateBudgets(), meters);
    }

    public CloudCallGuard(ResilienceProperties settings, RateBudgets budgets, MeterRegistry meters) {
        this.settings = settings;
        this.budgets = budgets;
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
        return settings.window(apiClass);
    }

    private <T> T attempt(CallSite site, Supplier<T> call, ErrorClassifier classifier) {
        CircuitBreaker breaker = breakers.circuitBreaker(site.provider().wireName() + ":" + site.region());
        if (!breaker.tryAcquirePermission()) {
            countRefusal(site, "CircuitOpen");
            throw refused(site, "CircuitOpen", "the circuit for " + site.provider() + " " + site.region()
                    + " is open after repeated transient failures", settings.breakerOpenFor());
        }
        String budget = budgetName(site);
        RateBudgets.Permit permit = permit(site, budget, breaker);
        if (!permit.granted()) {
            breaker.releasePermission();
            countRefusal(site, "RateBudgetExhausted");
            throw refused(site, "RateBudgetExhausted", "no permit left in the " + site.apiClass()
                    + " budget of " + budget, atLeastOneMilli(permit.untilNext()));
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

    private static String budgetName(CallSite site) {
        return String.join(":", site.provider().wireName(), String.valueOf(site.account()),
                site.region(), site.apiClass().name());
    }

    /**
     * A permit from the shared budget, never waited for: the caller reschedules. A budget that cannot
     * be read (its database is unreachable) refuses, since nobody could tell how much was spent.
     */
    private RateBudgets.Permit permit(CallSite site, String budget, CircuitBreaker breaker) {
        RateBudgets.Permit permit;
        try {
            permit = budgets.take(budget, budget(site.apiClass()));
        } catch (RuntimeException e) {
            breaker.releasePermission();
            countRefusal(site, "RateBudgetUnavailable");
            log.warn("rate budget {} could not be read: {}", budget, e.toString());
            throw refused(site, "RateBudgetUnavailable", "the " + site.apiClass() + " budget of " + budget
                    + " could not be read", settings.maxInlineWait());
        }
        permitsLeft.computeIfAbsent(budget, name -> {
            AtomicLong left = new AtomicLong();
            Gauge.builder(BUDGET_PERMITS, left, AtomicLong::get)
                    .description("Permits left in a cloud rate budget after its latest call from this replica")
                    .tag("name", name)
                    .register(meters);
            return left;
        }).set(permit.remaining());
        return permit;
    }

    private static Duration atLeastOneMilli(Duration wait) {
        return wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait;
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
