package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointConnection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer's endpoint (AWS interface endpoint, Azure private endpoint) registered with an
 * organization, and where its connection to our endpoint service stands. The status changes only
 * through the transitions below, each with its reason.
 */
@Entity
@Table(name = "private_endpoint")
public class PrivateEndpoint {

    @Id
    private UUID id;
    private UUID organizationId;
    private CloudProvider provider;
    private String endpointId;
    private String region;
    private String description;
    private EndpointStatus status;
    private String statusCode;
    private String statusMessage;
    private String connectionState;
    private UUID endpointServiceId;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;

    protected PrivateEndpoint() {
    }

    static PrivateEndpoint register(UUID organizationId, CloudProvider provider, String endpointId, String region,
                                    String description, Instant now) {
        PrivateEndpoint endpoint = new PrivateEndpoint();
        endpoint.id = UUID.randomUUID();
        endpoint.organizationId = organizationId;
        endpoint.provider = provider;
        endpoint.endpointId = endpointId;
        endpoint.region = region;
        endpoint.description = description == null ? "" : description;
        endpoint.status = EndpointStatus.PROVISIONING;
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        return endpoint;
    }

    void describe(String newDescription, Instant now) {
        if (newDescription != null && !newDescription.equals(description)) {
            this.description = newDescription;
            this.updatedAt = now;
        }
    }

    /** Registered again (or again while being deleted): starts over from the beginning. */
    void restart(String newDescription, Instant now) {
        describe(newDescription, now);
        move(EndpointStatus.PROVISIONING, null, null, now);
        this.connectionState = null;
    }

    void targets(UUID endpointServiceId, Instant now) {
        this.endpointServiceId = endpointServiceId;
        this.updatedAt = now;
    }

    /**
     * Whether this registration still stands for the endpoint's connection: neither being removed nor
     * finished without it (failed, rejected, expired).
     */
    boolean isLive() {
        return status != EndpointStatus.DELETING && status != EndpointStatus.FAILED && status != EndpointStatus.REJECTED
                && status != EndpointStatus.EXPIRED;
    }

    /** Whether this registration found the endpoint's connection on one of our endpoint services and still stands for it. */
    boolean holdsConnection() {
        return isLive() && (status == EndpointStatus.READY || endpointServiceId != null);
    }

    void waitingForConnection(String message, Instant now) {
        move(EndpointStatus.WAITING_FOR_CONNECTION, "NO_CONNECTION", message, now);
    }

    void connected(EndpointConnection connection, UUID onEndpointService, Instant now) {
        this.connectionState = connection.cloudState();
        this.endpointServiceId = onEndpointService;
        this.updatedAt = now;
    }

    void pendingAcceptance(String message, Instant now) {
        move(EndpointStatus.PENDING_ACCEPTANCE, "NOT_ON_ALLOW_LIST", message, now);
    }

    void accepting(String message, Instant now) {
        move(EndpointStatus.PROVISIONING, "ACCEPTING", message, now);
    }

    void ready(String cloudState, Instant now) {
        this.connectionState = cloudState;
        move(EndpointStatus.READY, null, null, now);
    }

    void rejected(String code, String message, Instant now) {
        move(EndpointStatus.REJECTED, code, message, now);
    }

    void failed(String code, String message, Instant now) {
        move(EndpointStatus.FAILED, code, message, now);
    }

    void expired(String message, Instant now) {
        move(EndpointStatus.EXPIRED, "NEVER_CONNECTED", message, now);
    }

    void deleting(Instant now) {
        move(EndpointStatus.DELETING, "REMOVED", "removed from the organization; disconnecting it", now);
    }

    /** The removal could not disconnect it: it stays Deleting, with the reason. */
    void deletionStuck(String code, String message, Instant now) {
        this.statusCode = code;
        this.statusMessage = message;
        this.updatedAt = now;
    }

    private void move(EndpointStatus next, String code, String message, Instant now) {
        if (status == EndpointStatus.DELETING && next != EndpointStatus.PROVISIONING && next != EndpointStatus.DELETING) {
            throw new IllegalStateException("registration " + id + " is being deleted; it cannot become " + next);
        }
        this.status = next;
        this.statusCode = code;
        this.statusMessage = message;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public CloudProvider provider() {
        return provider;
    }

    /** The id the customer registered: {@code vpce-…}, an Azure resourceGuid or private endpoint resource id. */
    public String endpointId() {
        return endpointId;
    }

    public String region() {
        return region;
    }

    public String description() {
        return description;
    }

    public EndpointStatus status() {
        return status;
    }

    public String statusCode() {
        return statusCode;
    }

    public String statusMessage() {
        return statusMessage;
    }

    public String connectionState() {
        return connectionState;
    }

    public UUID endpointServiceId() {
        return endpointServiceId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
