package dev.privatelink.workflow.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowStatus;

/**
 * What follows a step's outcome: the workflow's next state. Pure, so the retry, wait and deadline
 * rules are tested without a database or a clock.
 *
 * @param status        the workflow's status after the outcome
 * @param stepIndex     the step to run next (or the last one run, when final)
 * @param attempt       its attempt number
 * @param stepStartedAt kept while the same step goes on; {@code null} when moving to a new step
 * @param nextAttemptAt when to run it; {@code null} when final
 * @param errorCode     the error to show as the workflow's last error (and in the history), or {@code null}
 * @param historyOutcome what the history records for this execution
 */
record StepDecision(WorkflowStatus status, int stepIndex, int attempt, Instant stepStartedAt, Instant nextAttemptAt,
                    String errorCode, String errorMessage, String historyOutcome) {

    static StepDecision decide(Position position, Step step, StepOutcome outcome, Instant now, RandomGenerator random) {
        Instant deadline = position.stepStartedAt().plus(step.deadline());
        return switch (outcome) {
            case StepOutcome.Done done -> position.isLast()
                    ? finished(position, WorkflowStatus.SUCCEEDED, null, null, "DONE")
                    : new StepDecision(WorkflowStatus.RUNNING, position.stepIndex() + 1, 1, null, now, null, null, "DONE");
            case StepOutcome.Wait wait -> later(position, now, wait.recheckAfter(), deadline, null, null, "WAIT");
            case StepOutcome.Await await -> later(position, now, await.recheckAfter(), deadline, null, null, "WAIT");
            case StepOutcome.Throttled throttled ->
                    later(position, now, throttled.retryAfter(), deadline, throttled.code(), throttled.message(), "THROTTLED");
            case StepOutcome.Retry retry -> retry(position, step.retryPolicy(), retry, now, deadline, random);
            case StepOutcome.Fail fail -> finished(position, WorkflowStatus.FAILED, fail.reasonCode(), fail.message(), "FAIL");
        };
    }

    /** Waiting is bounded by the deadline: the last recheck happens at the deadline, after it the step expires. */
    private static StepDecision later(Position position, Instant now, Duration delay, Instant deadline,
                                      String code, String message, String historyOutcome) {
        if (!now.isBefore(deadline)) {
            return finished(position, WorkflowStatus.EXPIRED, code == null ? "DEADLINE_EXCEEDED" : code,
                    "step " + position.stepName() + " was still waiting at its deadline " + deadline
                            + (message == null ? "" : " (" + message + ")"), "EXPIRED");
        }
        Instant next = now.plus(delay);
        return new StepDecision(WorkflowStatus.WAITING, position.stepIndex(), position.attempt(), position.stepStartedAt(),
                next.isAfter(deadline) ? deadline : next, code, message, historyOutcome);
    }

    private static StepDecision retry(Position position, RetryPolicy policy, StepOutcome.Retry retry, Instant now,
                                      Instant deadline, RandomGenerator random) {
        if (!policy.allowsAnotherAfter(position.attempt())) {
            return finished(position, WorkflowStatus.FAILED, retry.code(),
                    retry.message() + " (gave up after " + position.attempt() + " attempts)", "RETRY");
        }
        Instant next = now.plus(policy.delay(position.attempt(), retry.delayHint(), random));
        if (next.isAfter(deadline)) {
            return finished(position, WorkflowStatus.FAILED, retry.code(),
                    retry.message() + " (step deadline " + deadline + " reached after " + position.attempt() + " attempts)", "RETRY");
        }
        return new StepDecision(WorkflowStatus.WAITING, position.stepIndex(), position.attempt() + 1, position.stepStartedAt(),
                next, retry.code(), retry.message(), "RETRY");
    }

    private static StepDecision finished(Position position, WorkflowStatus status, String code, String message,
                                         String historyOutcome) {
        return new StepDecision(status, position.stepIndex(), position.attempt(), position.stepStartedAt(), null,
                code, message, historyOutcome);
    }

    /** Where a workflow stands when one of its steps reports. */
    record Position(int stepIndex, int stepCount, String stepName, int attempt, Instant stepStartedAt) {
        boolean isLast() {
            return stepIndex == stepCount - 1;
        }
    }
}
