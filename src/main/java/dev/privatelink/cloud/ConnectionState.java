package dev.privatelink.cloud;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer endpoint's connection to one of our endpoint services, in one vocabulary for both clouds.
 * Each cloud's own words are mapped here and nowhere else ({@link #ofAws}, {@link #ofAzure}): the real
 * adapters and the sandbox share the mapping.
 */
public enum ConnectionState {
    PENDING_ACCEPTANCE,
    /** Accepted, the cloud is still wiring it (AWS {@code pending}; Azure approved while still updating). */
    PENDING,
    AVAILABLE,
    REJECTED,
    FAILED,
    DELETING,
    DELETED,
    EXPIRED,
    DISCONNECTED;

    private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);

    /**
     * EC2's {@code vpcEndpointState} (of a connection, or of one of our own VPC endpoints):
     * pendingAcceptance, pending, available, rejected, failed, deleting, deleted, expired, and
     * partial (an endpoint not yet up in every subnet: still being wired), any case.
     *
     * @throws IllegalArgumentException for a word EC2 does not document
     */
    public static ConnectionState ofAws(String awsState) {
        return switch (awsState == null ? "" : awsState.toLowerCase(Locale.ROOT)) {
            case "pendingacceptance" -> PENDING_ACCEPTANCE;
            case "pending", "partial" -> PENDING;
            case "available" -> AVAILABLE;
            case "rejected" -> REJECTED;
            case "failed" -> FAILED;
            case "deleting" -> DELETING;
            case "deleted" -> DELETED;
            case "expired" -> EXPIRED;
            default -> throw new IllegalArgumentException("Unknown VPC endpoint state '" + awsState + "'");
        };
    }

    /**
     * Amazon MSK's multi-VPC connection state: CREATING, AVAILABLE, INACTIVE (its cluster or the
     * connection was deactivated), DEACTIVATING, DELETING, FAILED, REJECTED, REJECTING (any case).
     *
     * @throws IllegalArgumentException for a word MSK does not document
     */
    public static ConnectionState ofMsk(String mskState) {
        return switch (mskState == null ? "" : mskState.toUpperCase(Locale.ROOT)) {
            case "CREATING" -> PENDING;
            case "AVAILABLE" -> AVAILABLE;
            case "REJECTING", "REJECTED" -> REJECTED;
            case "FAILED" -> FAILED;
            case "DEACTIVATING", "DELETING" -> DELETING;
            case "INACTIVE" -> DISCONNECTED;
            default -> throw new IllegalArgumentException("Unknown MSK VPC connection state '" + mskState + "'");
        };
    }

    /**
     * Azure's four connection statuses (Pending, Approved, Rejected, Disconnected), refined by the
     * connection's provisioning state: an approval Azure is still applying ({@code Updating}) is
     * {@link #PENDING}, not yet usable. No status at all is a fresh request ({@link #PENDING_ACCEPTANCE}).
     *
     * @param provisioningState Succeeded, Updating, Deleting, Failed, or {@code null} when not known
     */
    public static ConnectionState ofAzure(String status, String provisioningState) {
        if (status == null) {
            return PENDING_ACCEPTANCE;
        }
        ConnectionState state = switch (status.toLowerCase(Locale.ROOT)) {
            case "pending" -> PENDING_ACCEPTANCE;
            case "approved" -> AVAILABLE;
            case "rejected" -> REJECTED;
            case "disconnected" -> DISCONNECTED;
            default -> {
                log.warn("Unknown Azure private endpoint connection status '{}'", status);
                yield FAILED;
            }
        };
        if (state != AVAILABLE || provisioningState == null) {
            return state;
        }
        return switch (provisioningState.toLowerCase(Locale.ROOT)) {
            case "updating" -> PENDING;
            case "failed" -> FAILED;
            case "deleting" -> DELETING;
            default -> state;
        };
    }
}
