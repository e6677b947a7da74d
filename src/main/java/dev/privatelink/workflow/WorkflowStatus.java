package dev.privatelink.workflow;

/** Where a workflow is. RUNNING and WAITING are active; the others are final. */
public enum WorkflowStatus {
    /** A step is due or being executed. */
    RUNNING,
    /** The current step waits (recheck, retry backoff or throttling) until {@code nextAttemptAt}. */
    WAITING,
    SUCCEEDED,
    /** Terminal error, exhausted retries or deadline while retrying; an operator can retry it. */
    FAILED,
    /** A step waited past its deadline. */
    EXPIRED,
    CANCELLED;

    public boolean isActive() {
        return this == RUNNING || this == WAITING;
    }
}
