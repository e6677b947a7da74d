package dev.privatelink.cloud;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer endpoint's connection to one of our endpoint services, in one vocabulary for both clouds.
 * Each cloud's own words are mapped here and nowhere else ({@link #ofAws}, {@link #ofAzure}): the real
 * adapters and the sandbox share the mapping.
 *
 * <p>A word a cloud does not document (a state added after this code was written) is {@link #PENDING}:
 * still in progress as far as we can tell. That is the one reading on which nothing irreversible
 * happens: no accept is sent (it looks accepted already), no registration is reported {@code Ready}
 * (that needs {@link #AVAILABLE}) or failed, and the workflow keeps re-checking until the cloud says
 * something known or the step's deadline passes. The raw word is kept beside the mapped state
 * ({@code cloudState}) for the customer and the diagnosis, and logged once per word.
 */
public enum ConnectionState {
    PENDING_ACCEPTANCE,
    /**
     * Accepted, the cloud is still wiring it (AWS {@code pending}; Azure approved while still updating);
     * also a state word the cloud does not document, see above.
     */
    PENDING,
    AVAILABLE,
    REJECTED,
    FAILED,
    DELETING,
    DELETED,
    EXPIRED,
    DISCONNECTED;

    /**
     * Whether the connection carries no traffic and will not again unless its owner makes a new one:
     * rejected, failed, expired, being deleted, deleted or disconnected. A reject finding it so (its
     * owner deleted the endpoint after we listed it) has nothing left to do.
     */
    public boolean isClosed() {
        return switch (this) {
            case REJECTED, FAILED, EXPIRED, DELETING, DELETED, DISCONNECTED -> true;
            case PENDING_ACCEPTANCE, PENDING, AVAILABLE -> false;
        };
    }

    private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);
    /** Undocumented words seen, so each is logged once, not on every listing. */
    private static final Set<String> unknownWords = ConcurrentHashMap.newKeySet();

    /**
     * EC2's {@code vpcEndpointState} (of a connection, or of one of our own VPC endpoints):
     * pendingAcceptance, pending, available, rejected, failed, deleting, deleted, expired, and
     * partial (an endpoint not yet up in every subnet: still being wired), any case. Any other word is
     * {@link #PENDING} (see the class comment).
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
            default -> unknown("EC2 VPC endpoint state", awsState);
        };
    }

    /**
     * Amazon MSK's multi-VPC connection state: CREATING, AVAILABLE, INACTIVE (its cluster or the
     * connection was deactivated), DEACTIVATING, DELETING, FAILED, REJECTED, REJECTING (any case). Any
     * other word is {@link #PENDING} (see the class comment).
     */
    public static ConnectionState ofMsk(String mskState) {
        return switch (mskState == null ? "" : mskState.toUpperCase(Locale.ROOT)) {
            case "CREATING" -> PENDING;
            case "AVAILABLE" -> AVAILABLE;
            case "REJECTING", "REJECTED" -> REJECTED;
            case "FAILED" -> FAILED;
            case "DEACTIVATING", "DELETING" -> DELETING;
            case "INACTIVE" -> DISCONNECTED;
            default -> unknown("MSK VPC connection state", mskState);
        };
    }

    /**
     * Azure's four connection statuses (Pending, Approved, Rejected, Disconnected), refined by the
     * connection's provisioning state: an approval Azure is still applying ({@code Updating}) is
     * {@link #PENDING}, not yet usable. No status at all is a fresh request ({@link #PENDING_ACCEPTANCE}).
     * Any other status, or an approval in a provisioning state Azure does not document, is
     * {@link #PENDING} (see the class comment).
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
            default -> unknown("Azure private endpoint connection status", status);
        };
        if (state != AVAILABLE || provisioningState == null) {
            return state;
        }
        return switch (provisioningState.toLowerCase(Locale.ROOT)) {
            case "updating" -> PENDING;
            case "failed" -> FAILED;
            case "deleting" -> DELETING;
            case "succeeded" -> state;
            default -> unknown("Azure private endpoint connection provisioning state", provisioningState);
        };
    }

    private static ConnectionState unknown(String what, String word) {
        if (unknownWords.add(what + ":" + word)) {
            log.warn("Undocumented {} '{}': treated as still in progress (PENDING) until the cloud reports a known one",
                    what, word);
        }
        return PENDING;
    }
}
