package dev.privatelink.workflow.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepDecisionUnitTests {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** Jitter at its ceiling, so delays are predictable. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private final Step step = Step.of("create", c -> StepOutcome.done())
            .retrying(new RetryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 4))
            .within(Duration.ofMinutes(5));

    private StepDecision decide(int index, int attempt, StepOutcome outcome, Instant now) {
        return StepDecision.decide(new StepDecision.Position(index, 3, "create", attempt, T0), step, outcome, now, HIGHEST);
    }

    @Test
    void doneMovesToTheNextStepAndSucceedsAfterTheLast() {
        StepDecision next = decide(0, 3, StepOutcome.done(), T0);
        assertThat(next.status()).isEqualTo(WorkflowStatus.RUNNING);
        assertThat(next.stepIndex()).isEqualTo(1);
        assertThat(next.attempt()).isEqualTo(1);
        assertThat(next.stepStartedAt()).isNull();
        assertThat(next.nextAttemptAt()).isEqualTo(T0);

        StepDecision last = decide(2, 1, StepOutcome.done(), T0);
        assertThat(last.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
        assertThat(last.nextAttemptAt()).isNull();
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCapAndFailWithTheLastCodeWhenExhausted() {
        StepOutcome transient_ = StepOutcome.retry("InternalError", "try again");
        assertThat(decide(0, 1, transient_, T0).nextAttemptAt()).isBetween(T0.plusMillis(1999), T0.plusSeconds(2));
        assertThat(decide(0, 2, transient_, T0).nextAttemptAt()).isBetween(T0.plusMillis(3999), T0.plusSeconds(4));
        StepDecision third = decide(0, 3, transient_, T0);
        assertThat(third.nextAttemptAt()).isBetween(T0.plusMillis(7999), T0.plusSeconds(8));
        assertThat(third.attempt()).isEqualTo(4);
        assertThat(third.status()).isEqualTo(WorkflowStatus.WAITING);

        StepDecision exhausted = decide(0, 4, StepOutcome.retry("InternalError", "still failing"), T0);
        assertThat(exhausted.status()).isEqualTo(WorkflowStatus.FAILED);
        assertThat(exhausted.errorCode()).isEqualTo("InternalError");
        assertThat(exhausted.errorMessage()).contains("still failing", "4 attempts");
    }

    @Test
    void fullJitterStaysBelowTheCeilingAndAHintIsHonoured() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), 3.0, Duration.ofSeconds(20), 10);
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(9));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofSeconds(20));
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delay(3, null, random)).isBetween(Duration.ZERO, Duration.ofSeconds(9));
        }
        assertThat(policy.delay(1, Duration.ofSeconds(30), random)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRetryThatWouldLandPastTheDeadlineFails() {
        StepDecision next = decide(0, 1, StepOutcome.retry("InternalError", "x"), T0.plus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(next.status()).isEqualTo(WorkflowStatus.FAILED);
        assertThat(next.errorMessage()).contains("deadline");
    }

    @Test
    void waitingCountsNoAttemptIsClampedToTheDeadlineAndExpiresThere() {
        StepDecision wait = decide(0, 2, StepOutcome.waitFor(Duration.ofMinutes(4)), T0.plus(Duration.ofMinutes(3)));
        assertThat(wait.status()).isEqualTo(WorkflowStatus.WAITING);
        assertThat(wait.attempt()).isEqualTo(2);
        assertThat(wait.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        StepDecision expired = decide(0, 2, StepOutcome.waitFor(Duration.ofSeconds(10)), T0.plus(Duration.ofMinutes(5)));
        assertThat(expired.status()).isEqualTo(WorkflowStatus.EXPIRED);
        assertThat(expired.historyOutcome()).isEqualTo("EXPIRED");
    }

    @Test
    void throttlingNeverCountsAnAttemptSoAFloodOfItNeverFails() {
        StepOutcome throttled = StepOutcome.throttled("RequestLimitExceeded", "slow down", Duration.ofSeconds(1));
        Instant now = T0;
        for (int i = 0; i < 200; i++) {
            StepDecision next = decide(0, 4, throttled, now);
            assertThat(next.status()).isEqualTo(WorkflowStatus.WAITING);
            assertThat(next.attempt()).isEqualTo(4);
            now = next.nextAttemptAt();
        }
    }
}
