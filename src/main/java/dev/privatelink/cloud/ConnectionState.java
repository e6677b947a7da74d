package dev.privatelink.cloud;

/**
 * A customer endpoint's connection to one of our endpoint services, in one vocabulary for both clouds.
 * AWS: pendingAcceptance, pending, available, rejected, failed, deleting, deleted, expired.
 * Azure: Pending → {@link #PENDING_ACCEPTANCE}, Approved → {@link #AVAILABLE}, Rejected → {@link #REJECTED},
 * Disconnected → {@link #DISCONNECTED}.
 */
public enum ConnectionState {
    PENDING_ACCEPTANCE,
    /** Accepted, the cloud is still wiring it (AWS {@code pending}). */
    PENDING,
    AVAILABLE,
    REJECTED,
    FAILED,
    DELETING,
    DELETED,
    EXPIRED,
    DISCONNECTED
}
