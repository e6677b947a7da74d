package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Budgets, breaker, retries and the timer of the guard, with calls that are plain lambdas. */
class CloudCallGuardUnitTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CloudCallGuard guard = new CloudCallGuard(new ResilienceProperties(null, 3, Duration.ofMillis(10),
            Duration.ofSeconds(2), null, 10, 10, Duration.ofSeconds(30), null), meters);
    final AtomicInteger calls = new AtomicInteger();

    static CallSite site(ApiClass apiClass, String region) {
        return new CallSite(apiClass.provider(), "acct", region, apiClass, "Op" + apiClass.name());
    }

    static CloudException cloudError(CloudErrorKind kind, Duration retryAfter) {
        return new CloudException(CloudProvider.AWS, "Op", kind.name() + "Code", kind, "failed", retryAfter, null);
    }

    ErrorClassifier asIs = (site, error) -> (CloudException) error;

    @ParameterizedTest
    @EnumSource(ApiClass.class)
    void everyBudgetStaysWithinNinetyPercentOfThePublishedBucket(ApiClass apiClass) {
        ApiClass.Window window = guard.budget(apiClass);

        // two full windows back to back are the worst burst; the long-run rate is permits per period
        assertThat(2 * window.permits()).isLessThanOrEqualTo((int) Math.floor(0.9 * apiClass.burst()));
        assertThat(window.permitsPerSecond()).isLessThanOrEqualTo(0.9 * apiClass.refillPerSecond() + 1e-9);
        assertThat(window.permits()).isPositive();
    }

    @Test
    void aCallWithoutAPermitFailsAtOnceWithTheWaitAndIsNotMade() {
        CallSite create = site(ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT, "us-west-2");
        guard.call(create, calls::incrementAndGet, asIs);

        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.call(create, calls::incrementAndGet, asIs))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.UNAVAILABLE);
                    assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait)
                            .isPositive().isLessThanOrEqualTo(guard.budget(ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT).period()));
                });
        // waiting for the permit would take the whole period (3.7 s); a refusal returns long before
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(guard.budget(ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT).period().dividedBy(2));
        assertThat(calls).hasValue(1);
    }

    @Test
    void budgetsAreSeparatePerRegionAndApiClass() {
        guard.call(site(ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT, "us-west-2"), calls::incrementAndGet, asIs);
        guard.call(site(ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT, "eu-west-1"), calls::incrementAndGet, asIs);
        guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), calls::incrementAndGet, asIs);

        assertThat(calls).hasValue(3);
    }

    @Test
    void transientFailuresAreRetriedUpToThreeAttempts() {
        assertThatThrownBy(() -> guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), () -> {
            calls.incrementAndGet();
            throw cloudError(CloudErrorKind.RETRYABLE, null);
        }, asIs)).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
            assertThat(e.retryAfter()).isPresent();
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void aTransientFailureThenSuccessSucceeds() {
        String result = guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), () -> {
            if (calls.incrementAndGet() == 1) {
                throw cloudError(CloudErrorKind.THROTTLED, null);
            }
            return "ok";
        }, asIs);

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void terminalAndNotFoundAreNotRetried() {
        for (CloudErrorKind kind : new CloudErrorKind[] {CloudErrorKind.TERMINAL, CloudErrorKind.NOT_FOUND}) {
            calls.set(0);
            assertThatThrownBy(() -> guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), () -> {
                calls.incrementAndGet();
                throw cloudError(kind, null);
            }, asIs)).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(kind));
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void aShortRetryAfterIsWaitedAndALongOneEndsTheCall() {
        long start = System.nanoTime();
        guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), () -> {
            if (calls.incrementAndGet() == 1) {
                throw cloudError(CloudErrorKind.THROTTLED, Duration.ofMillis(300));
            }
            return null;
        }, asIs);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        calls.set(0);
        assertThatThrownBy(() -> guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2"), () -> {
            calls.incrementAndGet();
            throw cloudError(CloudErrorKind.THROTTLED, Duration.ofSeconds(20));
        }, asIs)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(20)));
        assertThat(calls).hasValue(1);
    }

    @Test
    void repeatedTransientFailuresOpenTheCircuitOfThatRegionOnly() {
        CallSite westReads = site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2");
        for (int i = 0; i < 4; i++) { // 4 calls × 3 attempts ≥ the 10-call window, all failed
            assertThatThrownBy(() -> guard.call(westReads, () -> {
                throw cloudError(CloudErrorKind.RETRYABLE, null);
            }, asIs)).isInstanceOf(CloudException.class);
        }

        calls.set(0);
        assertThatThrownBy(() -> guard.call(site(ApiClass.AWS_EC2_MUTATE, "us-west-2"), calls::incrementAndGet, asIs))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("CircuitOpen");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(calls).hasValue(0);
        guard.call(site(ApiClass.AWS_EC2_DESCRIBE, "eu-west-1"), calls::incrementAndGet, asIs);
        assertThat(calls).hasValue(1);
    }

    @Test
    void throttlingAndTerminalErrorsDoNotOpenTheCircuit() {
        CallSite reads = site(ApiClass.AWS_EC2_DESCRIBE, "us-west-2");
        for (int i = 0; i < 6; i++) {
            CloudErrorKind kind = i % 2 == 0 ? CloudErrorKind.THROTTLED : CloudErrorKind.TERMINAL;
            assertThatThrownBy(() -> guard.call(reads, () -> {
                throw cloudError(kind, null);
            }, asIs)).isInstanceOf(CloudException.class);
        }

        assertThat(guard.call(reads, () -> "answered", asIs)).isEqualTo("answered");
    }

    @Test
    void everyCallIsTimedWithProviderOperationAndOutcome() {
        CallSite reads = site(ApiClass.AZURE_ARM_READ, "westus3");
        guard.call(reads, () -> "ok", asIs);
        assertThatThrownBy(() -> guard.call(reads, () -> {
            throw cloudError(CloudErrorKind.NOT_FOUND, null);
        }, asIs)).isInstanceOf(CloudException.class);

        assertThat(meters.get(CloudCallGuard.TIMER).tags("provider", "azure", "operation", "OpAZURE_ARM_READ",
                "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(meters.get(CloudCallGuard.TIMER).tags("provider", "azure", "outcome", "not_found").timer().count())
                .isEqualTo(1);
    }

    @Test
    void sdkExceptionsComeOutClassified() {
        ErrorClassifier classifier = (site, error) -> new CloudException(site.provider(), site.operation(), "Boom",
                CloudErrorKind.TERMINAL, error.getMessage(), null, error);

        assertThatThrownBy(() -> guard.run(site(ApiClass.AWS_RAM, "us-west-2"), () -> {
            throw new IllegalStateException("sdk said no");
        }, classifier)).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).isEqualTo("Boom");
            assertThat(e.getCause()).hasMessage("sdk said no");
        });
    }
}
