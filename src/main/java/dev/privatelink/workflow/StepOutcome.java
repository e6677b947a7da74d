package dev.privatelink.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Objects;


/**
 * What one execution of a {@link Step} decided. The engine records it in the step history and
 * schedules what comes next, in one transaction.
 *
 * <p>Any outcome may carry a domain change made with {@link #then(Runnable)}: it runs inside the
 * transaction that records the outcome and schedules the next step, so a subject's status (say, a
 * registration becoming {@code READY}) never diverges from its workflow's state. If the workflow's
 * claim was lost meanwhile (cancelled, or another replica took over), neither the outcome nor the
 * change is committed.
 */
public sealed interface StepOutcome {

    /** The domain change to commit with this outcome; a no-op unless set with {@link #then}. */
    Runnable inTransaction();

    /** The same outcome, committing {@code change} together with it (replaces an earlier one). */
    StepOutcome then(Runnable change);

    /** The step is complete: the next step runs at once, or the workflow succeeds after the last. */
    record Done(Runnable inTransaction) implements StepOutcome {
        public Done {
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Done then(Runnable change) {
            return new Done(change);
        }
    }

    /**
     * Not finished yet, not a failure (e.g. a connection still pending acceptance): run the same step
     * again after {@code recheckAfter}. No attempt is counted; past the step's deadline the workflow
     * expires ({@link WorkflowType#onExpired}).
     */
    record Wait(Duration recheckAfter, Runnable inTransaction) implements StepOutcome {
        public Wait {
            requirePositive(recheckAfter, "recheckAfter");
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Wait then(Runnable change) {
            return new Wait(recheckAfter, change);
        }
    }

    /**
     * Waits for a batch ({@link BatchHandler}): the workflow is parked on the batch's keys (e.g. the
     * endpoint services an endpoint may have connected to), a run of the batch for each key is
     * scheduled, and the thread is free at once. A run of the batch decides the step's outcome for
     * every workflow parked on its key together (one cloud call for all) and commits them in one
     * transaction. {@code recheckAfter} is the safety net: should no run decide (a lost wake-up, a
     * replica gone), the step runs again then and parks anew. Like {@link Wait}, no attempt is counted
     * and past the step's deadline the workflow expires. A batch may answer this outcome too: the
     * workflow stays parked, with the change committed.
     */
    record Await(String batch, List<String> keys, Duration recheckAfter, Runnable inTransaction) implements StepOutcome {
        public Await {
            Objects.requireNonNull(batch, "batch");
            if (keys == null || keys.isEmpty()) {
                throw new IllegalArgumentException("an Await needs at least one batch key");
            }
            keys = List.copyOf(keys);
            requirePositive(recheckAfter, "recheckAfter");
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Await then(Runnable change) {
            return new Await(batch, keys, recheckAfter, change);
        }
    }

    /**
     * A transient failure, counted against the step's {@link RetryPolicy}. The next attempt waits for
     * the policy's backoff, or for {@code delayHint} when that is longer. Exhausted attempts (or the
     * step's deadline) fail the workflow with {@code code}.
     */
    record Retry(String code, String message, Duration delayHint, Runnable inTransaction) implements StepOutcome {
        public Retry {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Retry then(Runnable change) {
            return new Retry(code, message, delayHint, change);
        }
    }

    /**
     * Rate limited (the cloud's throttling or our own rate budget / open circuit): run the same step
     * again after {@code retryAfter}. Not counted as an attempt, so a flood of throttling never fails
     * a workflow; it is bounded only by the step's deadline (then the workflow expires).
     */
    record Throttled(String code, String message, Duration retryAfter, Runnable inTransaction) implements StepOutcome {
        public Throttled {
            Objects.requireNonNull(code, "code");
            requirePositive(retryAfter, "retryAfter");
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Throttled then(Runnable change) {
            return new Throttled(code, message, retryAfter, change);
        }
    }

    /** A terminal failure: the workflow fails with this reason ({@link WorkflowType#onFailed}). */
    record Fail(String reasonCode, String message, Runnable inTransaction) implements StepOutcome {
        public Fail {
            Objects.requireNonNull(reasonCode, "reasonCode");
            Objects.requireNonNull(inTransaction);
        }

        @Override
        public Fail then(Runnable change) {
            return new Fail(reasonCode, message, change);
        }
    }

    Runnable NOTHING = () -> { };

    /** Used when a throttled call gave no Retry-After. */
    Duration DEFAULT_THROTTLE_DELAY = Duration.ofSeconds(5);

    static Done done() {
        return new Done(NOTHING);
    }

    static Wait waitFor(Duration recheckAfter) {
        return new Wait(recheckAfter, NOTHING);
    }

    static Await await(String batch, List<String> keys, Duration recheckAfter) {
        return new Await(batch, keys, recheckAfter, NOTHING);
    }

    static Retry retry(String code, String message) {
        return new Retry(code, message, null, NOTHING);
    }

    static Retry retry(String code, String message, Duration delayHint) {
        return new Retry(code, message, delayHint, NOTHING);
    }

    static Throttled throttled(String code, String message, Duration retryAfter) {
        return new Throttled(code, message, retryAfter, NOTHING);
    }

    static Fail fail(String reasonCode, String message) {
        return new Fail(reasonCode, message, NOTHING);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
        }
    }
}
