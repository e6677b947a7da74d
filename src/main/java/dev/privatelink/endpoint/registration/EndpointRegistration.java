package dev.privatelink.endpoint.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointScopeChanged;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A customer's endpoint (AWS interface endpoint, Azure private endpoint) registered with an
 * organization, and where its connection to our endpoint service stands. Its status changes only
 * through the methods below, each a {@link Transition} of the table (an illegal one throws); a change
 * of status is recorded as an {@link EndpointStatusChanged} (numbered: {@link #eventSequence()}), which
 * {@link RegistrationEvents} completes and publishes when the registration is saved.
 */
@Entity
@Table(name = "private_endpoint")
public class EndpointRegistration extends AbstractAggregateRoot<EndpointRegistration> {

    @Id
    private UUID id;
    private UUID organizationId;
    private CloudProvider provider;
    private String endpointId;
    private String region;
    private String description;
    @Enumerated(EnumType.STRING)
    private Scope scope;
    private EndpointStatus status;
    private String statusCode;
    private String statusMessage;
    private String connectionState;
    private UUID endpointServiceId;
    private Instant createdAt;
    private Instant updatedAt;
    /** How many changes it has recorded: the number of the last one. */
    private long eventSequence;
    @Version
    private Long version;

    protected EndpointRegistration() {
    }

    /** A registration allowed where services' allow lists hold it ({@link Scope#SERVICE}). */
    public static EndpointRegistration register(UUID organizationId, CloudProvider provider, String endpointId, String region,
                                                String description, Instant now) {
        return register(organizationId, provider, endpointId, region, description, Scope.SERVICE, now);
    }

    public static EndpointRegistration register(UUID organizationId, CloudProvider provider, String endpointId, String region,
                                                String description, Scope scope, Instant now) {
        EndpointRegistration registration = new EndpointRegistration();
        registration.id = UUID.randomUUID();
        registration.organizationId = organizationId;
        registration.provider = provider;
        registration.endpointId = endpointId;
        registration.region = region;
        registration.description = description == null ? "" : description;
        registration.scope = scope;
        registration.status = EndpointStatus.PROVISIONING;
        registration.createdAt = now;
        registration.updatedAt = now;
        registration.record(null, now);
        return registration;
    }

    public void describe(String newDescription, Instant now) {
        if (newDescription != null && !newDescription.equals(description)) {
            this.description = newDescription;
            this.updatedAt = now;
        }
    }

    /**
     * Where it is allowed from now on; a change is recorded as an {@link EndpointScopeChanged}, published
     * when the registration is saved.
     *
     * @return whether the scope changed
     */
    public boolean changeScope(Scope newScope, Instant now) {
        if (newScope == scope) {
            return false;
        }
        Scope previous = scope;
        this.scope = newScope;
        this.updatedAt = now;
        registerEvent(new EndpointScopeChanged(id, organizationId, provider, endpointId, region, previous, newScope,
                status, now));
        return true;
    }

    /** Registered again (or again while being deleted): starts over from the beginning. */
    public void restart(String newDescription, Instant now) {
        describe(newDescription, now);
        this.connectionState = null;
        take(Transition.REGISTER_AGAIN, null, null, now);
    }

    /**
     * Whether this registration still stands for the endpoint's connection: neither being removed nor
     * finished without it (failed, rejected, expired).
     */
    public boolean isLive() {
        return status == EndpointStatus.READY || status.isInProgress();
    }

    /** Whether this registration found the endpoint's connection on one of our endpoint services and still stands for it. */
    public boolean holdsConnection() {
        return isLive() && (status == EndpointStatus.READY || endpointServiceId != null);
    }

    public void waitingForConnection(String message, Instant now) {
        take(Transition.WAIT_FOR_CONNECTION, "NO_CONNECTION", message, now);
    }

    /** Its connection was found on one of our endpoint services; accepting it comes next. */
    public void connected(EndpointConnection connection, UUID onEndpointService, Instant now) {
        require(Transition.ACCEPT);
        this.connectionState = connection.cloudState();
        this.endpointServiceId = onEndpointService;
        accepting("connection found on our endpoint service (" + connection.cloudState() + ")", now);
    }

    public void pendingAcceptance(String message, Instant now) {
        take(Transition.WAIT_FOR_ALLOW_LIST, "NOT_ON_ALLOW_LIST", message, now);
    }

    public void accepting(String message, Instant now) {
        take(Transition.ACCEPT, "ACCEPTING", message, now);
    }

    public void ready(String cloudState, Instant now) {
        require(Transition.BECOME_READY);
        this.connectionState = cloudState;
        take(Transition.BECOME_READY, null, null, now);
    }

    public void rejected(String code, String message, Instant now) {
        take(Transition.REJECT, code, message, now);
    }

    public void failed(String code, String message, Instant now) {
        take(Transition.FAIL, code, message, now);
    }

    public void expired(String message, Instant now) {
        take(Transition.EXPIRE, "NEVER_CONNECTED", message, now);
    }

    /** The platform operator cancelled its run. */
    public void cancelledByOperator(String message, Instant now) {
        take(Transition.CANCEL, "CANCELLED", message, now);
    }

    /** The platform operator retried its failed run. */
    public void retriedByOperator(String message, Instant now) {
        take(Transition.RETRY, "RETRIED", message, now);
    }

    public void deleting(Instant now) {
        take(Transition.REMOVE, "REMOVED", "removed from the organization; disconnecting it", now);
    }

    /** The removal could not disconnect it: it stays Deleting, with the reason. */
    public void deletionStuck(String code, String message, Instant now) {
        take(Transition.REMOVAL_STUCK, code, message, now);
    }

    /**
     * The cloud reports the connection of this Ready registration deleted, failed or disconnected (the
     * customer deleted the endpoint): it leaves Ready, and with it the allow lists.
     *
     * @param cloudState the cloud's word, or {@code null} when the connection is no longer listed at all
     */
    public void connectionLost(String cloudState, String message, Instant now) {
        require(Transition.LOSE_CONNECTION);
        this.connectionState = cloudState;
        take(Transition.LOSE_CONNECTION, "CONNECTION_LOST", message, now);
    }

    /** The cloud reports the connection of this Ready registration rejected (in the console, by someone else). */
    public void rejectedInCloud(String cloudState, String message, Instant now) {
        require(Transition.REJECT_IN_CLOUD);
        this.connectionState = cloudState;
        take(Transition.REJECT_IN_CLOUD, "REJECTED", message, now);
    }

    /**
     * The cloud reports the connection of this Failed, Expired or Rejected registration available on one of
     * our endpoint services (accepted after all, or approved in the console): it is Ready, with the reason.
     */
    public void healed(EndpointConnection connection, UUID onEndpointService, String message, Instant now) {
        require(Transition.HEAL);
        this.connectionState = connection.cloudState();
        this.endpointServiceId = onEndpointService;
        take(Transition.HEAL, "HEALED", message, now);
    }

    /** The platform operator cancelled its removal: it stays Deleting until the removal is resumed. */
    public void removalCancelled(String message, Instant now) {
        take(Transition.CANCEL_REMOVAL, "REMOVAL_CANCELLED", message + "; remove it again (or the operator retries) "
                + "to finish the removal", now);
    }

    /** Its stopped removal goes on. */
    public void removalResumed(String message, Instant now) {
        take(Transition.RESUME_REMOVAL, "REMOVED", message + "; disconnecting it", now);
    }

    /** Its removal is complete: delete it through the repository to publish {@link EndpointRemoved}. */
    public void removed(Instant now) {
        if (status != EndpointStatus.DELETING) {
            throw new IllegalStateException("registration " + id + " is " + status + "; only a Deleting one can be removed");
        }
        eventSequence++;
        registerEvent(new RegistrationEvents.Recorded(null, new EndpointRemoved(id, organizationId, provider, endpointId,
                region, now, description, status, statusCode, statusMessage, connectionState, null, createdAt, eventSequence,
                scope),
                endpointServiceId));
    }

    private void take(Transition transition, String code, String message, Instant now) {
        require(transition);
        EndpointStatus previous = status;
        this.status = transition.to();
        this.statusCode = code;
        this.statusMessage = message;
        this.updatedAt = now;
        if (previous != status) {
            record(previous, now);
        }
    }

    private void require(Transition transition) {
        if (!transition.startsFrom(status)) {
            throw new IllegalStateException("registration " + id + " is " + status + "; " + transition
                    + " cannot make it " + transition.to());
        }
    }

    /** Recorded as this registration knows it; the services it is attached to and its endpoint service's name are added on publication. */
    private void record(EndpointStatus previous, Instant now) {
        eventSequence++;
        registerEvent(new RegistrationEvents.Recorded(new EndpointStatusChanged(id, organizationId, provider, endpointId,
                region, previous, status, statusCode, statusMessage, now, description, connectionState, null, List.of(),
                createdAt, eventSequence, scope), null, endpointServiceId));
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

    public Scope scope() {
        return scope;
    }

    /** Whether it is allowed on every service of its organization in its provider and region. */
    public boolean isOrganizationWide() {
        return scope == Scope.ORGANIZATION;
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

    /** The number of its last recorded change (1 for a new registration). */
    public long eventSequence() {
        return eventSequence;
    }
}
