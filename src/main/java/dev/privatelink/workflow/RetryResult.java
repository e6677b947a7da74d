package dev.privatelink.workflow;

/** What an operator's retry of a workflow did ({@link Workflows#retry}). */
public enum RetryResult {
    /** The subject left its failed status and the workflow runs again. */
    RETRIED,
    /** Neither FAILED nor cancelled by the operator (or superseded since): nothing changed. */
    NOT_RETRIABLE,
    /** Its subject is gone, or in a status this workflow cannot resume: nothing changed. */
    SUBJECT_GONE
}
