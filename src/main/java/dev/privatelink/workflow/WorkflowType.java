package dev.privatelink.workflow;

import java.util.List;
import java.util.UUID;

/**
 * A kind of workflow (e.g. {@code inbound-endpoint.register}): a name and an ordered list of steps.
 * Register implementations as Spring beans; the engine finds them by {@link #name()}.
 *
 * <p>The callbacks run inside the transaction that records the end of the workflow, so the subject's
 * status changes together with the workflow's (or not at all). They must only touch the database:
 * no cloud calls. An exception thrown by a callback rolls the end back; the step is then retried.
 */
public interface WorkflowType {

    /** Stable, unique name; stored with every workflow of this type. */
    String name();

    /** The steps, run in this order; names unique. */
    List<Step> steps();

    /**
     * Row-locks the subject, if the type's outcomes change a row of its own. The engine calls it first
     * whenever it is about to lock a workflow row to change it (committing a step, cancelling), so the
     * subject is always locked before the workflow: the order the subject's own API changes use (they
     * lock the subject, then cancel or start its workflows). Two transactions taking the two locks in
     * opposite orders would deadlock.
     */
    default void lockSubject(UUID subjectId) {
    }

    /** The last step is done. */
    default void onSucceeded(WorkflowRef workflow) {
    }

    /** A step failed terminally, or exhausted its retries or its deadline while retrying. */
    default void onFailed(WorkflowRef workflow, String reasonCode, String message) {
    }

    /** A step was still waiting (or throttled) at its deadline; map it to e.g. {@code EXPIRED}. */
    default void onExpired(WorkflowRef workflow, String step) {
    }

    /**
     * The workflow was superseded ({@link Workflows#cancelFor}), e.g. by a delete or a new registration.
     * Runs in the canceller's transaction; the canceller sets the subject's status, so this must not
     * change it.
     */
    default void onCancelled(WorkflowRef workflow) {
    }

    /**
     * What an operator's cancel ({@link Workflows#cancel}) and retry ({@link Workflows#retry}) mean for
     * the subject. Required: the engine refuses to start with a type that returns {@code null}.
     */
    OperatorOutcomes operatorOutcomes();
}
