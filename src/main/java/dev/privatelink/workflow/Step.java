package dev.privatelink.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One step of a workflow. {@link #execute} runs with no database transaction open (it may call the
 * cloud), must be idempotent (it can run again after a crash or a lost claim), and reports what
 * happened as a {@link StepOutcome}. An exception thrown by it is mapped by the {@link FailureOutcomes}
 * beans (the cloud's failures throttle, retry or fail as classified); any other counts as a
 * {@link StepOutcome.Retry} with code {@code STEP_ERROR}.
 */
public interface Step {

    /** Stable name, recorded in the history; unique within its workflow type. */
    String name();

    StepOutcome execute(StepContext context);

    /** How transient failures of this step are retried. */
    default RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }

    /** How long, from this step's first execution, it may wait and retry before expiring or failing. */
    default Duration deadline() {
        return Duration.ofHours(1);
    }

    /** A step from a function, with the default policy and deadline; refine with {@link Defined#retrying} / {@link Defined#within}. */
    static Defined of(String name, Function<StepContext, StepOutcome> body) {
        return new Defined(name, body, RetryPolicy.DEFAULT, Duration.ofHours(1));
    }

    /** A step defined by a function. */
    record Defined(String name, Function<StepContext, StepOutcome> body, RetryPolicy retryPolicy, Duration deadline)
            implements Step {

        public Defined {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            if (deadline == null || !deadline.isPositive()) {
                throw new IllegalArgumentException("deadline must be positive, got " + deadline);
            }
        }

        @Override
        public StepOutcome execute(StepContext context) {
            return body.apply(context);
        }

        public Defined retrying(RetryPolicy policy) {
            return new Defined(name, body, policy, deadline);
        }

        public Defined within(Duration newDeadline) {
            return new Defined(name, body, retryPolicy, newDeadline);
        }
    }
}
