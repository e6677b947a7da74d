package dev.privatelink.cloud;

/**
 * How a failed cloud call should be treated, decided by the adapter from the cloud's own error code
 * (a table, not guesswork at the call site).
 */
public enum CloudErrorKind {
    /** Will fail the same way again (bad id, missing permission, invalid parameter): fail fast with the reason. */
    TERMINAL,
    /** Transient (5xx, timeout, eventual consistency): retry with backoff, counted as an attempt. */
    RETRYABLE,
    /** The cloud's rate limit answered (RequestLimitExceeded, HTTP 429): retry after the hint, not counted. */
    THROTTLED,
    /** The object addressed does not exist (yet). Often "check again later" rather than an error. */
    NOT_FOUND,
    /**
     * Our own protection refused the call before it left: the local rate budget has no permit or the
     * circuit breaker is open. Reschedule after the hint; not an attempt and never a failure.
     */
    UNAVAILABLE
}
