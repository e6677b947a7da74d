package dev.privatelink.endpointservice;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One of the platform's published endpoint services: an AWS VPC endpoint service or an Azure
 * Private Link Service in one region, which customers' endpoints connect to.
 */
@Entity
@Table(name = "endpoint_service")
public class EndpointService {

    @Id
    private UUID id;
    private CloudProvider provider;
    private String region;
    private String account;
    private String serviceName;
    private String cloudResourceId;
    @Enumerated(EnumType.STRING)
    private EndpointServiceState state;
    private String stateReason;
    private String supportedRegions;
    private Instant createdAt;
    private Instant updatedAt;
    private String privateDnsName;
    @Enumerated(EnumType.STRING)
    private PrivateDnsVerificationState privateDnsState;
    private String privateDnsTxtName;
    private String privateDnsTxtValue;
    private String privateDnsChangeId;
    private Instant privateDnsCheckedAt;
    private String privateDnsReason;
    @Version
    private Long version;

    protected EndpointService() {
    }

    /** An existing endpoint service an operator registers; the cloud confirms it later. */
    public static EndpointService registered(CloudProvider provider, String region, String account, String cloudResourceId,
                                      Instant now) {
        EndpointService service = new EndpointService();
        service.id = UUID.randomUUID();
        service.provider = provider;
        service.region = region;
        service.account = account;
        service.cloudResourceId = cloudResourceId;
        service.state = EndpointServiceState.VERIFYING;
        service.supportedRegions = "";
        service.createdAt = now;
        service.updatedAt = now;
        return service;
    }

    /** One the cloud has just created for us (the sandbox does): available at once. */
    static EndpointService created(EndpointServiceDescription description, Instant now) {
        EndpointServiceRef ref = description.ref();
        EndpointService service = registered(ref.provider(), ref.region(), ref.account(), ref.cloudResourceId(), now);
        service.verified(description, now);
        return service;
    }

    /** The cloud confirmed the service: record what customers point at and whether it takes connections. */
    public void verified(EndpointServiceDescription description, Instant now) {
        this.serviceName = description.serviceName();
        this.supportedRegions = String.join(",", new TreeSet<>(description.supportedRegions()));
        this.state = description.available() ? EndpointServiceState.AVAILABLE : EndpointServiceState.FAILED;
        this.stateReason = description.available() ? null
                : "the cloud reports the endpoint service as '" + description.cloudState() + "'";
        this.updatedAt = now;
    }

    /** Its verification runs again (retried by the platform operator): VERIFYING until the cloud answers. */
    public void verifyAgain(String reason, Instant now) {
        this.state = EndpointServiceState.VERIFYING;
        this.stateReason = reason;
        this.updatedAt = now;
    }

    public void failed(String reason, Instant now) {
        this.state = EndpointServiceState.FAILED;
        this.stateReason = reason;
        this.updatedAt = now;
    }

    /** Records that consumers in {@code consumerRegion} may now connect (AWS cross-region). */
    public void supportRegion(String consumerRegion, Instant now) {
        Set<String> regions = supportedRegions();
        if (regions.add(consumerRegion)) {
            this.supportedRegions = String.join(",", regions);
            this.updatedAt = now;
        }
    }

    /** How to address it through the cloud port. */
    public EndpointServiceRef ref() {
        return new EndpointServiceRef(provider, account, region, cloudResourceId);
    }

    public UUID id() {
        return id;
    }

    public CloudProvider provider() {
        return provider;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** AWS service name or Azure alias: what customers create their endpoint against; {@code null} until verified. */
    public String serviceName() {
        return serviceName;
    }

    public String cloudResourceId() {
        return cloudResourceId;
    }

    public EndpointServiceState state() {
        return state;
    }

    public String stateReason() {
        return stateReason;
    }

    public boolean isAvailable() {
        return state == EndpointServiceState.AVAILABLE;
    }

    public Set<String> supportedRegions() {
        Set<String> regions = new TreeSet<>();
        if (supportedRegions != null && !supportedRegions.isBlank()) {
            regions.addAll(Arrays.asList(supportedRegions.split(",")));
        }
        return regions;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    // ---- private DNS name (AWS): set on the service, proven with a TXT record, verified by AWS

    /** A new private DNS name to set and verify; whatever an earlier name's verification left is forgotten. */
    public void requestPrivateDns(String name, Instant now) {
        this.privateDnsName = name;
        this.privateDnsState = PrivateDnsVerificationState.PENDING_VERIFICATION;
        this.privateDnsTxtName = null;
        this.privateDnsTxtValue = null;
        this.privateDnsChangeId = null;
        this.privateDnsCheckedAt = null;
        this.privateDnsReason = null;
        this.updatedAt = now;
    }

    /** The TXT record the cloud wants to see for the name. */
    public void privateDnsRecordRequested(String txtName, String txtValue, Instant now) {
        this.privateDnsTxtName = txtName;
        this.privateDnsTxtValue = txtValue;
        this.updatedAt = now;
    }

    /** The DNS change that published the TXT record, to follow until it is applied. */
    public void privateDnsRecordPublished(String changeId, Instant now) {
        this.privateDnsChangeId = changeId;
        this.updatedAt = now;
    }

    /** The cloud was asked how verification stands and has not decided yet. */
    public void privateDnsChecked(Instant now) {
        this.privateDnsCheckedAt = now;
    }

    public void privateDnsVerified(Instant now) {
        this.privateDnsState = PrivateDnsVerificationState.VERIFIED;
        this.privateDnsReason = null;
        this.privateDnsCheckedAt = now;
        this.updatedAt = now;
    }

    /** The verification of its private DNS name runs again (retried by the platform operator). */
    public void privateDnsVerifyAgain(String reason, Instant now) {
        this.privateDnsState = PrivateDnsVerificationState.PENDING_VERIFICATION;
        this.privateDnsReason = reason;
        this.updatedAt = now;
    }

    public void privateDnsFailed(String reason, Instant now) {
        this.privateDnsState = PrivateDnsVerificationState.FAILED;
        this.privateDnsReason = reason;
        this.privateDnsCheckedAt = now;
        this.updatedAt = now;
    }

    /** The private DNS name consumers' endpoints resolve (AWS), or {@code null}. */
    public String privateDnsName() {
        return privateDnsName;
    }

    /** {@code null} when the service has no private DNS name. */
    public PrivateDnsVerificationState privateDnsState() {
        return privateDnsState;
    }

    public String privateDnsTxtName() {
        return privateDnsTxtName;
    }

    public String privateDnsTxtValue() {
        return privateDnsTxtValue;
    }

    public String privateDnsChangeId() {
        return privateDnsChangeId;
    }

    public Instant privateDnsCheckedAt() {
        return privateDnsCheckedAt;
    }

    /** Why verification failed; {@code null} unless failed. */
    public String privateDnsReason() {
        return privateDnsReason;
    }
}
