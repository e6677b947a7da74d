package dev.privatelink.security.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The budgets of failed authentications, on a clock the test moves. */
class FailedAuthenticationsUnitTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FailedAuthentications failures = new FailedAuthentications(
            new AuthenticationThrottleProperties(10, 100, Duration.ofMinutes(1), Duration.ofHours(24)), nanos::get);

    @Test
    void aKeyIdGetsTenWrongSecretsPerMinuteThen429UntilOneRefills() {
        fail(10, "owner-key", "203.0.113.7");

        FailedAuthentications.Attempt refused = failures.attempt("owner-key", "203.0.113.7");

        assertThat(refused.refused()).isTrue();
        assertThat(refused.exhausted()).isEqualTo(FailedAuthentications.Budget.KEY);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6)); // 10 per minute refill: one every 6 s
        assertThat(failures.attempt("owner-key", "198.51.100.1").refused()).as("from anywhere: it is the key's budget").isTrue();

        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(failures.attempt("owner-key", "203.0.113.7").refused()).as("one guess more after 6 s").isFalse();
        assertThat(failures.attempt("other-key", "198.51.100.1").refused()).as("other keys are not affected").isFalse();
    }

    @Test
    void manyRequestsInFlightAtOnceWithAFreshKeyAreNotRefused() {
        List<FailedAuthentications.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FailedAuthentications.Attempt attempt = failures.attempt("fresh-key", "192.0.2.20");
            assertThat(attempt.refused()).as("request %d in flight", i).isFalse();
            inFlight.add(attempt);
        }
        inFlight.forEach(attempt -> failures.succeeded(attempt, "fresh-key", "192.0.2.20"));
    }

    @Test
    void afterAFailureParallelGuessesGetNoMoreAnswersThanTheBudgetHasLeft() {
        fail(1, "guessed-key", "203.0.113.9");

        List<FailedAuthentications.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inFlight.add(failures.attempt("guessed-key", "203.0.113.9"));
        }

        assertThat(inFlight.stream().filter(a -> !a.refused())).as("9 units left of 10").hasSize(9);
    }

    @Test
    void aStrangerCannotLockTheOwnerOutWhereTheOwnerHasAuthenticated() {
        FailedAuthentications.Attempt owner = failures.attempt("owner-key", "192.0.2.10");
        failures.succeeded(owner, "owner-key", "192.0.2.10");

        fail(10, "owner-key", "203.0.113.7");
        assertThat(failures.attempt("owner-key", "203.0.113.7").refused()).as("the stranger is throttled").isTrue();

        for (int i = 0; i < 50; i++) {
            FailedAuthentications.Attempt again = failures.attempt("owner-key", "192.0.2.10");
            assertThat(again.refused()).as("the owner at a known address, attempt " + i).isFalse();
            failures.succeeded(again, "owner-key", "192.0.2.10");
        }
    }

    @Test
    void wrongSecretsFromTheOwnersKnownAddressHaveABudgetOfTheirOwn() {
        FailedAuthentications.Attempt owner = failures.attempt("owner-key", "192.0.2.10");
        failures.succeeded(owner, "owner-key", "192.0.2.10");

        fail(10, "owner-key", "192.0.2.10");

        FailedAuthentications.Attempt refused = failures.attempt("owner-key", "192.0.2.10");
        assertThat(refused.exhausted()).isEqualTo(FailedAuthentications.Budget.KNOWN_ADDRESS);
        assertThat(failures.attempt("owner-key", "203.0.113.7").refused()).as("the key's own budget is untouched").isFalse();
    }

    @Test
    void anAddressGetsAHundredFailuresPerMinuteWhateverTheKeyIds() {
        for (int i = 0; i < 100; i++) {
            fail(1, "guess-" + i, "203.0.113.7");
        }

        FailedAuthentications.Attempt refused = failures.attempt("guess-100", "203.0.113.7");

        assertThat(refused.exhausted()).isEqualTo(FailedAuthentications.Budget.ADDRESS);
        assertThat(failures.attempt("guess-100", "203.0.113.8").refused()).as("another address").isFalse();
        assertThat(failures.attempt(FailedAuthentications.NO_KEY, "203.0.113.7").refused())
                .as("credentials too malformed to name a key count for the address").isTrue();
    }

    @Test
    void aVerdictlessAttemptCostsNothing() {
        for (int i = 0; i < 50; i++) {
            failures.released(failures.attempt("owner-key", "203.0.113.7"));
        }

        assertThat(failures.attempt("owner-key", "203.0.113.7").refused()).isFalse();
    }

    @Test
    void anIpv6ClientIsCountedPerSlash64() {
        assertThat(FailedAuthentications.budgetAddress("2001:db8:1:2:aaaa::1"))
                .isEqualTo(FailedAuthentications.budgetAddress("2001:db8:1:2:bbbb::99"))
                .isNotEqualTo(FailedAuthentications.budgetAddress("2001:db8:1:3::1"));
        assertThat(FailedAuthentications.budgetAddress("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    private void fail(int times, String keyId, String address) {
        for (int i = 0; i < times; i++) {
            FailedAuthentications.Attempt attempt = failures.attempt(keyId, address);
            assertThat(attempt.refused()).as("attempt " + i + " of " + keyId + " from " + address).isFalse();
            failures.failed(attempt);
        }
    }
}
