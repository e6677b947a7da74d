package dev.privatelink.reverseendpoint.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.privatelink.reverseendpoint.ReverseEndpointRemoved;
import dev.privatelink.reverseendpoint.ReverseEndpointSnapshot;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointStatusChanged;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A reverse private endpoint: what the platform creates in its own VPC to reach one target in a
 * customer's network (an endpoint service, a shared resource configuration, an MSK cluster) for the
 * pipes of one service. Its status changes only through the methods below, each a {@link Transition}
 * of the table (an illegal one throws); a change of status is recorded as a
 * {@link ReverseEndpointStatusChanged}, published when the endpoint is saved.
 *
 * <p>The create fields are kept exactly as sent, so that reads echo them byte for byte (Terraform
 * plans a replacement when one differs).
 */
@Entity
@Table(name = "reverse_private_endpoint")
public class ReverseEndpoint extends AbstractAggregateRoot<ReverseEndpoint> {

    @Id
    private UUID id;
    private UUID organizationId;
    private UUID serviceId;
    @Enumerated(EnumType.STRING)
    private ReverseEndpointType type;
    private String description;
    private String vpcEndpointServiceName;
    private String vpcResourceConfigurationId;
    private String vpcResourceShareArn;
    private String mskClusterArn;
    private String mskAuthentication;
    private String targetKey;
    private String region;
    private String targetRegion;
    private ReverseEndpointStatus status;
    private String statusCode;
    private String statusMessage;
    private String cloudState;
    private String endpointId;
    private Instant createRequestedAt;
    private boolean privateDnsEnabled;
    private String resourceConfigurationArn;
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> dnsNames = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> privateDnsNames = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> customDnsNames = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> appliedDnsNames = new ArrayList<>();
    private String appliedDnsTarget;
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> dnsChangeIds = new ArrayList<>();
    private String dnsErrorCode;
    private String dnsErrorMessage;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;
    /** The number of the last change announced as an event. */
    private long eventSequence;

    protected ReverseEndpoint() {
    }

    /**
     * A new endpoint, {@code Provisioning}.
     *
     * @param region the platform's region that serves the service: where the endpoint is created
     */
    public static ReverseEndpoint create(UUID organizationId, UUID serviceId, String description, ReverseTarget target,
                                         String region, List<String> customDnsNames, Instant now) {
        ReverseEndpoint endpoint = new ReverseEndpoint();
        endpoint.id = UUID.randomUUID();
        endpoint.organizationId = organizationId;
        endpoint.serviceId = serviceId;
        endpoint.type = target.type();
        endpoint.description = description == null ? "" : description;
        endpoint.vpcEndpointServiceName = target.vpcEndpointServiceName();
        endpoint.vpcResourceConfigurationId = target.vpcResourceConfigurationId();
        endpoint.vpcResourceShareArn = target.vpcResourceShareArn();
        endpoint.mskClusterArn = target.mskClusterArn();
        endpoint.mskAuthentication = target.mskAuthentication();
        endpoint.targetKey = target.key();
        endpoint.region = region;
        endpoint.targetRegion = target.region();
        endpoint.customDnsNames = new ArrayList<>(customDnsNames);
        endpoint.status = ReverseEndpointStatus.PROVISIONING;
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        endpoint.record(null, now);
        return endpoint;
    }

    /**
     * The idempotency token of every create in the cloud: derived from our id, the same for every
     * attempt, every run and every replica (EC2 {@code ClientToken}, and a tag where the cloud has no token).
     */
    public String clientToken() {
        return "privatelink-rpe-" + id;
    }

    // ---- status

    public void awaitingAcceptance(String cloudState, String message, Instant now) {
        this.cloudState = cloudState;
        if (status != ReverseEndpointStatus.PENDING_ACCEPTANCE || !message.equals(statusMessage)) {
            take(Transition.AWAIT_ACCEPTANCE, "PENDING_ACCEPTANCE", message, now);
        }
    }

    /** Still being created or wired; the cloud's word changes, the status stays (or returns to) Provisioning. */
    public void provisioning(String cloudState, Instant now) {
        this.cloudState = cloudState;
        if (status != ReverseEndpointStatus.PROVISIONING) {
            take(Transition.PROVISION, null, null, now);
        } else {
            this.updatedAt = now;
        }
    }

    public void ready(String cloudState, List<String> newDnsNames, List<String> newPrivateDnsNames, Instant now) {
        this.cloudState = cloudState;
        this.dnsNames = new ArrayList<>(newDnsNames);
        this.privateDnsNames = new ArrayList<>(newPrivateDnsNames);
        take(Transition.BECOME_READY, null, null, now);
    }

    public void rejected(String code, String message, Instant now) {
        take(Transition.REJECT, code, message, now);
    }

    public void failed(String code, String message, Instant now) {
        take(Transition.FAIL, code, message, now);
    }

    public void expired(String message, Instant now) {
        take(Transition.EXPIRE, "EXPIRED", message, now);
    }

    /** The platform operator cancelled its creation. */
    public void cancelledByOperator(String message, Instant now) {
        take(Transition.CANCEL, "CANCELLED", message, now);
    }

    /** The platform operator retried its failed creation. */
    public void retriedByOperator(String message, Instant now) {
        take(Transition.RETRY, "RETRIED", message, now);
    }

    public void deleting(Instant now) {
        take(Transition.DELETE, "DELETED", "deleting the endpoint in the platform's VPC", now);
    }

    /** The deletion could not finish: it stays Deleting, with the reason. */
    public void deletionStuck(String code, String message, Instant now) {
        take(Transition.DELETION_STUCK, code, message, now);
    }

    /** The platform operator cancelled its deletion: it stays Deleting until the deletion is resumed. */
    public void deletionCancelled(String message, Instant now) {
        take(Transition.CANCEL_DELETION, "DELETION_CANCELLED", message + "; delete it again (or the operator retries) "
                + "to finish the deletion", now);
    }

    /** Its stopped deletion goes on. */
    public void deletionResumed(String message, Instant now) {
        take(Transition.RESUME_DELETION, "DELETED", message + "; deleting the endpoint in the platform's VPC", now);
    }

    /** The cloud deleted it: delete it through the repository to publish {@link ReverseEndpointRemoved}. */
    public void removed(Instant now) {
        if (status != ReverseEndpointStatus.DELETING) {
            throw new IllegalStateException("reverse endpoint " + id + " is " + status + "; only a Deleting one can be removed");
        }
        eventSequence++;
        registerEvent(new ReverseEndpointRemoved(snapshot(), now, eventSequence));
    }

    private void take(Transition transition, String code, String message, Instant now) {
        if (!transition.startsFrom(status)) {
            throw new IllegalStateException("reverse endpoint " + id + " is " + status + "; " + transition
                    + " cannot make it " + transition.to());
        }
        ReverseEndpointStatus previous = status;
        this.status = transition.to();
        this.statusCode = code;
        this.statusMessage = message;
        this.updatedAt = now;
        if (previous != status) {
            record(previous, now);
        }
    }

    private void record(ReverseEndpointStatus previous, Instant now) {
        eventSequence++;
        registerEvent(new ReverseEndpointStatusChanged(snapshot(), previous, now, eventSequence));
    }

    /** The endpoint as the API shows it (without history): DNS names only once it is Ready. */
    public ReverseEndpointSnapshot snapshot() {
        boolean ready = status == ReverseEndpointStatus.READY;
        return new ReverseEndpointSnapshot(id, organizationId, serviceId, description, type, vpcEndpointServiceName,
                vpcResourceConfigurationId, vpcResourceShareArn, mskClusterArn, mskAuthentication, List.copyOf(customDnsNames),
                endpointId, ready ? List.copyOf(dnsNames) : List.of(), ready ? List.copyOf(privateDnsNames) : List.of(), status,
                statusCode, statusMessage, region, createdAt, updatedAt);
    }

    // ---- what the workflows learn from the cloud

    /** A create is about to be sent: a later attempt must look for what it made before creating again. */
    public void createRequested(Instant now) {
        if (createRequestedAt == null) {
            this.createRequestedAt = now;
            this.updatedAt = now;
        }
    }

    /** The cloud created it (or a retry found it). */
    public void created(String newEndpointId, String newCloudState, Instant now) {
        this.endpointId = newEndpointId;
        this.cloudState = newCloudState;
        this.updatedAt = now;
    }

    /** The cloud's latest word for it, when the status does not change with it (a refusal, a deletion). */
    public void observed(String newCloudState, Instant now) {
        this.cloudState = newCloudState;
        this.updatedAt = now;
    }

    /** What the customer's endpoint service offers: its private DNS name is resolved in the platform's VPC. */
    public void offersPrivateDns(boolean enabled, Instant now) {
        this.privateDnsEnabled = enabled;
        this.updatedAt = now;
    }

    public void sharedResourceConfiguration(String arn, Instant now) {
        this.resourceConfigurationArn = arn;
        this.updatedAt = now;
    }

    // ---- custom private DNS names

    /** Replaces the whole list of custom private DNS names (order kept, as the customer sent them). */
    public void customDnsNames(List<String> names, Instant now) {
        this.customDnsNames = new ArrayList<>(names);
        this.dnsErrorCode = null;
        this.dnsErrorMessage = null;
        this.updatedAt = now;
    }

    /** The records now in the zone point {@code names} at {@code target}; the changes are still propagating. */
    public void dnsApplied(List<String> names, String target, List<String> changeIds, Instant now) {
        this.appliedDnsNames = new ArrayList<>(names);
        this.appliedDnsTarget = names.isEmpty() ? null : target;
        this.dnsChangeIds = new ArrayList<>(changeIds);
        this.dnsErrorCode = null;
        this.dnsErrorMessage = null;
        this.updatedAt = now;
    }

    /** Every change reached the zone's name servers. */
    public void dnsInSync(Instant now) {
        this.dnsChangeIds = new ArrayList<>();
        this.updatedAt = now;
    }

    public void dnsFailed(String code, String message, Instant now) {
        this.dnsErrorCode = code;
        this.dnsErrorMessage = message;
        this.updatedAt = now;
    }

    /** Whether the zone holds other records than the customer wants (or points them elsewhere). */
    public boolean dnsOutOfSync() {
        return !lowerCase(customDnsNames).equals(lowerCase(appliedDnsNames))
                || (!customDnsNames.isEmpty() && !dnsNames.isEmpty() && !dnsNames.getFirst().equals(appliedDnsTarget));
    }

    private static List<String> lowerCase(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList();
    }

    // ---- reads

    public UUID id() {
        return id;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public UUID serviceId() {
        return serviceId;
    }

    public ReverseEndpointType type() {
        return type;
    }

    public String description() {
        return description;
    }

    public String vpcEndpointServiceName() {
        return vpcEndpointServiceName;
    }

    public String vpcResourceConfigurationId() {
        return vpcResourceConfigurationId;
    }

    public String vpcResourceShareArn() {
        return vpcResourceShareArn;
    }

    public String mskClusterArn() {
        return mskClusterArn;
    }

    public String mskAuthentication() {
        return mskAuthentication;
    }

    public String targetKey() {
        return targetKey;
    }

    /** The platform's region the endpoint lives in. */
    public String region() {
        return region;
    }

    /** The region of what it reaches: the endpoint service's, the share's, the cluster's. */
    public String targetRegion() {
        return targetRegion;
    }

    public ReverseEndpointStatus status() {
        return status;
    }

    public String statusCode() {
        return statusCode;
    }

    public String statusMessage() {
        return statusMessage;
    }

    public String cloudState() {
        return cloudState;
    }

    /** {@code vpce-…} or the MSK VPC connection ARN; {@code null} until created. */
    public String endpointId() {
        return endpointId;
    }

    public Instant createRequestedAt() {
        return createRequestedAt;
    }

    public boolean privateDnsEnabled() {
        return privateDnsEnabled;
    }

    public String resourceConfigurationArn() {
        return resourceConfigurationArn;
    }

    public List<String> dnsNames() {
        return List.copyOf(dnsNames);
    }

    public List<String> privateDnsNames() {
        return List.copyOf(privateDnsNames);
    }

    public List<String> customDnsNames() {
        return List.copyOf(customDnsNames);
    }

    public List<String> appliedDnsNames() {
        return List.copyOf(appliedDnsNames);
    }

    public String appliedDnsTarget() {
        return appliedDnsTarget;
    }

    public List<String> dnsChangeIds() {
        return List.copyOf(dnsChangeIds);
    }

    public String dnsErrorCode() {
        return dnsErrorCode;
    }

    public String dnsErrorMessage() {
        return dnsErrorMessage;
    }

    /** The number of its last change announced as an event (1 once created). */
    public long eventSequence() {
        return eventSequence;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
