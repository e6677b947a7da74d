package dev.privatelink.workflow;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the platform operator's cancel and retry of a workflow mean for its subject. Every
 * {@link WorkflowType} defines them ({@link WorkflowType#operatorOutcomes()}); the engine refuses a type
 * that does not, since an operator's cancel would otherwise leave the subject in an in-progress status
 * nothing moves any more, and a retry would run while the subject still says it failed.
 *
 * <p>Both run in the operator's transaction, the subject locked ({@link WorkflowType#lockSubject}) before
 * the workflow row, and must only touch the database.
 */
public interface OperatorOutcomes {

    /** Reason code a subject shows when the operator cancelled its workflow. */
    String CANCELLED = "CANCELLED";
    /** What it says. */
    String CANCELLED_MESSAGE = "cancelled by the platform operator";
    /** What a subject says when the operator retried its workflow. */
    String RETRIED_MESSAGE = "retried by the platform operator";

    /**
     * The operator cancelled the workflow: settle the subject in a status saying so (e.g. {@code Failed}
     * with {@link #CANCELLED}), from which its owner can remove it or the operator retry it.
     */
    void cancelled(WorkflowRef workflow);

    /**
     * The operator retries the workflow (FAILED, or cancelled by the operator): move the subject out of
     * its failed status, through its transition table, before the workflow runs again.
     *
     * @return {@code false} when the subject is gone or no longer one this workflow can resume (nothing
     *         changed; the retry is refused)
     */
    boolean retried(WorkflowRef workflow);

    /** Outcomes from two functions. */
    static OperatorOutcomes of(Consumer<WorkflowRef> cancelled, Predicate<WorkflowRef> retried) {
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(retried, "retried");
        return new OperatorOutcomes() {
            @Override
            public void cancelled(WorkflowRef workflow) {
                cancelled.accept(workflow);
            }

            @Override
            public boolean retried(WorkflowRef workflow) {
                return retried.test(workflow);
            }
        };
    }
}
