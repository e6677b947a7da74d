package dev.privatelink.sandbox.model;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;

/**
 * A customer endpoint and its connection to one of the platform's endpoint services, with the real
 * clouds' state machines.
 *
 * <p>AWS: {@code pendingAcceptance} → (accept) {@code pending} → {@code available} once the accept
 * latency has passed; → (reject) {@code rejected}; customer delete → {@code deleting} → {@code deleted}.
 * Azure: {@code Pending} → (approve) {@code Approved}; → (reject) {@code Rejected}; customer delete →
 * {@code Disconnected}. Only commanded states are stored; the timed ones are derived from
 * {@code stateChangedAt} and the clock, so nothing runs in the background and tests move the clock.
 *
 * <p>Transitions return the new connection, or this one when there is nothing to do (accepting an
 * accepted connection is not an error), or throw the cloud's terminal error for an illegal one.
 */
public record SandboxConnection(
        String endpointId,
        CloudProvider provider,
        String serviceId,
        String endpointResourceId,
        String connectionName,
        String region,
        String ownerId,
        UUID organizationId,
        String privateIp,
        String state,
        Instant stateChangedAt,
        String description,
        Instant createdAt) {

    static final String AWS_PENDING_ACCEPTANCE = "pendingAcceptance";
    static final String AWS_PENDING = "pending";
    static final String AWS_AVAILABLE = "available";
    static final String AWS_REJECTED = "rejected";
    static final String AWS_DELETING = "deleting";
    static final String AWS_DELETED = "deleted";
    static final String AZURE_PENDING = "Pending";
    static final String AZURE_APPROVED = "Approved";
    static final String AZURE_REJECTED = "Rejected";
    static final String AZURE_DISCONNECTED = "Disconnected";

    /** A new AWS interface endpoint, waiting for the service owner. */
    public static SandboxConnection newAws(String endpointId, String serviceId, String region, String ownerId,
                                    UUID organizationId, Instant now) {
        return new SandboxConnection(endpointId, CloudProvider.AWS, serviceId, null, null, region, ownerId,
                organizationId, null, AWS_PENDING_ACCEPTANCE, now, null, now);
    }

    /** A new Azure private endpoint with a manual connection request (Pending) on the Private Link Service. */
    public static SandboxConnection newAzure(String resourceGuid, String serviceId, String resourceId, String peName,
                                      String region, String subscription, UUID organizationId, String privateIp,
                                      Instant now) {
        return new SandboxConnection(resourceGuid, CloudProvider.AZURE, serviceId, resourceId, peName + "." + resourceGuid,
                region, subscription, organizationId, privateIp, AZURE_PENDING, now, null, now);
    }

    /** The cloud's word for the connection at {@code now}. */
    public String cloudState(Instant now, SandboxSettings.Latency latency) {
        if (state.equals(AWS_PENDING) && !now.isBefore(stateChangedAt.plus(latency.accept()))) {
            return AWS_AVAILABLE;
        }
        if (state.equals(AWS_DELETING) && !now.isBefore(stateChangedAt.plus(latency.delete()))) {
            return AWS_DELETED;
        }
        return state;
    }

    /** Accept (AWS) or approve (Azure). */
    public SandboxConnection accept(Instant now, SandboxSettings.Latency latency, String operation) {
        String current = cloudState(now, latency);
        return switch (current) {
            case AWS_PENDING_ACCEPTANCE -> moveTo(AWS_PENDING, now, description);
            case AZURE_PENDING -> moveTo(AZURE_APPROVED, now, "Approved");
            case AWS_PENDING, AWS_AVAILABLE, AZURE_APPROVED -> this;
            case AZURE_REJECTED -> throw refused(operation, "BadRequest",
                    "Approving rejected private endpoint connections is not supported.");
            default -> throw refused(operation, invalidStateCode(),
                    describe() + " is in state '" + current + "' and cannot be " + (isAws() ? "accepted" : "approved") + ".");
        };
    }

    public SandboxConnection reject(Instant now, SandboxSettings.Latency latency, String reason, String operation) {
        String current = cloudState(now, latency);
        return switch (current) {
            case AWS_PENDING_ACCEPTANCE, AWS_PENDING, AWS_AVAILABLE -> moveTo(AWS_REJECTED, now, reason);
            case AZURE_PENDING, AZURE_APPROVED -> moveTo(AZURE_REJECTED, now, reason == null ? "Rejected" : reason);
            case AWS_REJECTED, AZURE_REJECTED -> this;
            default -> throw refused(operation, invalidStateCode(),
                    describe() + " is in state '" + current + "' and cannot be rejected.");
        };
    }

    /** The customer deletes the endpoint; deleting one that is going or gone does nothing. */
    public SandboxConnection deleteEndpoint(Instant now, SandboxSettings.Latency latency) {
        String current = cloudState(now, latency);
        return switch (current) {
            case AWS_DELETING, AWS_DELETED, AZURE_DISCONNECTED -> this;
            default -> isAws() ? moveTo(AWS_DELETING, now, description)
                    : moveTo(AZURE_DISCONNECTED, now, "The private endpoint was deleted.");
        };
    }

    public EndpointConnection toPort(Instant now, SandboxSettings.Latency latency) {
        String cloudState = cloudState(now, latency);
        return new EndpointConnection(endpointId, endpointResourceId, connectionName, cloudState, normalise(cloudState),
                region, ownerId, createdAt);
    }

    /** The one vocabulary for both clouds, through the same mapping as the real adapters. */
    private ConnectionState normalise(String cloudState) {
        return isAws() ? ConnectionState.ofAws(cloudState) : ConnectionState.ofAzure(cloudState, null);
    }

    private SandboxConnection moveTo(String newState, Instant now, String newDescription) {
        return new SandboxConnection(endpointId, provider, serviceId, endpointResourceId, connectionName, region, ownerId,
                organizationId, privateIp, newState, now, newDescription, createdAt);
    }

    private boolean isAws() {
        return provider == CloudProvider.AWS;
    }

    private String invalidStateCode() {
        return isAws() ? "InvalidState" : "BadRequest";
    }

    private String describe() {
        return isAws() ? "The VPC endpoint connection '" + endpointId + "'"
                : "The private endpoint connection '" + connectionName + "'";
    }

    private CloudException refused(String operation, String code, String message) {
        return new CloudException(provider, operation, code, CloudErrorKind.TERMINAL, message);
    }
}
