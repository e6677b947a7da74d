package dev.privatelink.reverseendpoint.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.ResourceShareInvitations.ResourceShareInvitation;
import dev.privatelink.cloud.ResourceShareInvitations;
import dev.privatelink.cloud.ReverseVpcEndpoints.EndpointServiceOffer;
import dev.privatelink.cloud.ReverseVpcEndpoints.EndpointType;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpointRequest;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.reverseendpoint.model.ReverseTarget;
import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import org.springframework.stereotype.Component;

/**
 * The steps that create a reverse endpoint and follow it to Ready, shared by the three creation
 * workflows. Each runs with no transaction open and is idempotent: a create is first recorded as
 * requested, and an attempt that finds it requested looks in the cloud for what an earlier attempt
 * made (by the client token derived from our id) before creating; state is read from batched
 * describes ({@link CloudObservations}: the following steps park on them). Status changes commit with the engine's outcome.
 */
@Component
class CreationSteps {

    /** Reason codes the API shows; the cloud's own code is used for anything else. */
    static final String GONE = "GONE";
    static final String SERVICE_NOT_ACCESSIBLE = "SERVICE_NOT_ACCESSIBLE";
    static final String SUBNET_CAPACITY_EXHAUSTED = "SUBNET_CAPACITY_EXHAUSTED";
    static final String RESOURCE_SHARE_NOT_FOUND = "RESOURCE_SHARE_NOT_FOUND";
    static final String REJECTED = "REJECTED";
    static final String EXPIRED = "EXPIRED";

    /** For answers that may be eventual consistency (a share just created): a few quick tries, then the reason. */
    static final RetryPolicy FEW_QUICK_TRIES = new RetryPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 5);

    private final ReverseEndpoints endpoints;
    private final CloudBackends clouds;
    private final ReverseOutcomes outcomes;
    private final ReverseEndpointProperties properties;

    CreationSteps(ReverseEndpoints endpoints, CloudBackends clouds, ReverseOutcomes outcomes,
                  ReverseEndpointProperties properties) {
        this.endpoints = endpoints;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    // ---- VPC_ENDPOINT_SERVICE

    /** Looks at the customer's endpoint service as a consumer: does it let the platform in, does it offer private DNS? */
    StepOutcome checkEndpointService(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        EndpointServiceOffer offer;
        try {
            offer = vpcEndpoints().describeEndpointServiceOffer(endpoint.region(), endpoint.vpcEndpointServiceName(),
                    endpoint.targetRegion());
        } catch (CloudException e) {
            if (ReverseVpcEndpoints.SERVICE_NOT_VISIBLE.equals(e.code())) {
                return StepOutcome.fail(SERVICE_NOT_ACCESSIBLE, notAccessible(endpoint));
            }
            throw e;
        }
        boolean privateDns = offer.privateDnsName() != null;
        return StepOutcome.done().then(() -> outcomes.offersPrivateDns(endpoint.id(), privateDns));
    }

    private String notAccessible(ReverseEndpoint endpoint) {
        String crossRegion = endpoint.region().equals(endpoint.targetRegion()) ? ""
                : ", and add " + endpoint.region() + " to its supported regions (cross-region access)";
        return "the VPC endpoint service " + endpoint.vpcEndpointServiceName() + " is not visible to the platform's AWS account "
                + properties.accountId() + " in " + endpoint.region() + ": add " + properties.principalArn()
                + " to its allowed principals" + crossRegion;
    }

    // ---- VPC_RESOURCE

    /**
     * Accepts the RAM invitation to the customer's share, but only one sent by the account that owns the
     * share (the account in its ARN): a share passed on by anyone else is refused.
     */
    StepOutcome acceptShare(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        ResourceShareInvitations ram = clouds.resourceShareInvitations(CloudProvider.AWS).orElseThrow(() -> notOffered("RAM"));
        List<ResourceShareInvitation> invitations;
        try {
            invitations = ram.invitationsForShare(endpoint.region(), endpoint.vpcResourceShareArn());
        } catch (CloudException e) {
            if (e.kind() == CloudErrorKind.NOT_FOUND) {
                return StepOutcome.retry(RESOURCE_SHARE_NOT_FOUND, shareNotFound(endpoint));
            }
            throw e;
        }
        String owner = ReverseTarget.shareOwner(endpoint.vpcResourceShareArn());
        List<ResourceShareInvitation> fromOwner = invitations.stream().filter(i -> owner.equals(i.senderAccountId())).toList();
        if (fromOwner.isEmpty()) {
            return StepOutcome.fail("RESOURCE_SHARE_SENDER_MISMATCH", "the invitation to resource share "
                    + endpoint.vpcResourceShareArn() + " was not sent by its owner, account " + owner
                    + "; the platform accepts shares only from the account that owns them");
        }
        if (fromOwner.stream().anyMatch(ResourceShareInvitation::isAccepted)) {
            return StepOutcome.done();
        }
        Optional<ResourceShareInvitation> pending = fromOwner.stream().filter(ResourceShareInvitation::isPending).findFirst();
        if (pending.isEmpty()) {
            return StepOutcome.fail("RESOURCE_SHARE_INVITATION_" + fromOwner.getFirst().status(), "the invitation to resource share "
                    + endpoint.vpcResourceShareArn() + " is " + fromOwner.getFirst().status()
                    + "; share the resource configuration with account " + properties.accountId() + " again");
        }
        ram.acceptResourceShareInvitation(endpoint.region(), pending.get().invitationArn());
        return StepOutcome.done();
    }

    private String shareNotFound(ReverseEndpoint endpoint) {
        return "resource share " + endpoint.vpcResourceShareArn() + " was never shared with the platform's AWS account "
                + properties.accountId() + " in " + endpoint.region() + ": add " + properties.accountId()
                + " as a principal of the share (aws ram associate-resource-share --principals " + properties.accountId() + ")";
    }

    /** Finds the resource configuration in the accepted share: the ARN the resource endpoint is created against. */
    StepOutcome findResourceConfiguration(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        ResourceShareInvitations ram = clouds.resourceShareInvitations(CloudProvider.AWS).orElseThrow(() -> notOffered("RAM"));
        String suffix = "/" + endpoint.vpcResourceConfigurationId();
        Optional<String> arn = ram.sharedResourceArns(endpoint.region(), endpoint.vpcResourceShareArn()).stream()
                .filter(a -> a.endsWith(suffix)).findFirst();
        if (arn.isEmpty()) {
            return StepOutcome.retry("RESOURCE_CONFIGURATION_NOT_SHARED", "resource share " + endpoint.vpcResourceShareArn()
                    + " does not hold resource configuration " + endpoint.vpcResourceConfigurationId()
                    + "; add it to the share (aws ram associate-resource-share --resource-arns <its ARN>)");
        }
        return StepOutcome.done().then(() -> outcomes.sharedResourceConfiguration(endpoint.id(), arn.get()));
    }

    // ---- VPC endpoints (both VPC types)

    /** Creates the endpoint in the platform's VPC with the client token derived from our id, after looking for an earlier one. */
    StepOutcome createVpcEndpoint(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        if (endpoint.endpointId() != null) {
            return StepOutcome.done(); // made by an earlier attempt whose outcome committed
        }
        ReverseVpcEndpoints cloud = vpcEndpoints();
        if (endpoint.createRequestedAt() != null) {
            Optional<VpcEndpoint> earlier = cloud.findVpcEndpoint(endpoint.region(), endpoint.clientToken());
            if (earlier.isPresent()) {
                return afterCreate(endpoint, earlier.get());
            }
        } else {
            outcomes.createRequested(endpoint.id());
        }
        boolean resource = endpoint.type() == ReverseEndpointType.VPC_RESOURCE;
        VpcEndpointRequest request = new VpcEndpointRequest(endpoint.region(),
                resource ? EndpointType.RESOURCE : EndpointType.INTERFACE,
                resource ? null : endpoint.vpcEndpointServiceName(),
                resource ? null : endpoint.targetRegion(),
                resource ? endpoint.resourceConfigurationArn() : null,
                !resource && endpoint.privateDnsEnabled(), endpoint.clientToken());
        try {
            return afterCreate(endpoint, cloud.createVpcEndpoint(request));
        } catch (CloudException e) {
            if (ReverseVpcEndpoints.isSubnetFull(e)) {
                return StepOutcome.fail(SUBNET_CAPACITY_EXHAUSTED, subnetFull(endpoint, e));
            }
            if (ReverseVpcEndpoints.SERVICE_NOT_VISIBLE.equals(e.code())) {
                return StepOutcome.fail(SERVICE_NOT_ACCESSIBLE, notAccessible(endpoint));
            }
            throw e;
        }
    }

    private StepOutcome afterCreate(ReverseEndpoint endpoint, VpcEndpoint created) {
        return StepOutcome.done().then(() -> {
            outcomes.created(endpoint.id(), created.vpcEndpointId(), created.cloudState());
            if (created.state() == ConnectionState.PENDING_ACCEPTANCE) {
                outcomes.awaitingAcceptance(endpoint.id(), created.cloudState(), awaitingAcceptance(endpoint, created.vpcEndpointId()));
            }
        });
    }

    /**
     * Follows the endpoint until it is available, or the owner rejects it, or the deadline passes: parks
     * on the next describe of its region ({@link #vpcEndpointObserved} decides).
     */
    StepOutcome awaitVpcEndpoint(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null || endpoint.endpointId() == null) {
            return gone();
        }
        return CloudObservations.await(endpoint, backoff(context));
    }

    /** What a describe of its region means for {@link #awaitVpcEndpoint}; {@code null}: it waits on as it is. */
    StepOutcome vpcEndpointObserved(CloudObservations.Observation observation, Optional<VpcEndpoint> seen) {
        ReverseEndpoint endpoint = observation.endpoint();
        if (endpoint == null || !endpoint.status().isInProgress() || endpoint.endpointId() == null) {
            return gone();
        }
        if (seen.isEmpty()) {
            return notSeen(observation, endpoint);
        }
        VpcEndpoint e = seen.get();
        StepOutcome outcome = switch (e.state()) {
            case AVAILABLE -> StepOutcome.done().then(() -> outcomes.ready(endpoint.id(), e.cloudState(), e.dnsNames(),
                    e.privateDnsNames()));
            case PENDING_ACCEPTANCE -> {
                String message = awaitingAcceptance(endpoint, e.vpcEndpointId());
                yield endpoint.status() == ReverseEndpointStatus.PENDING_ACCEPTANCE && message.equals(endpoint.statusMessage())
                        && e.cloudState().equals(endpoint.cloudState()) ? null
                        : waitOn(observation).then(() -> outcomes.awaitingAcceptance(endpoint.id(), e.cloudState(), message));
            }
            case PENDING -> endpoint.status() == ReverseEndpointStatus.PROVISIONING && e.cloudState().equals(endpoint.cloudState())
                    ? null : waitOn(observation).then(() -> outcomes.provisioning(endpoint.id(), e.cloudState()));
            case REJECTED -> StepOutcome.fail(REJECTED, "the owner of endpoint service " + endpoint.vpcEndpointServiceName()
                    + " rejected the connection from " + e.vpcEndpointId() + "; delete this endpoint and create it again once "
                    + "they will accept it");
            case EXPIRED -> StepOutcome.fail(EXPIRED, "the connection from " + e.vpcEndpointId() + " was never accepted and expired");
            case FAILED -> failedInCloud(endpoint, e.failureReason());
            default -> StepOutcome.fail("ENDPOINT_DELETED", "endpoint " + e.vpcEndpointId() + " is " + e.cloudState()
                    + " in the cloud: it was deleted outside the platform; delete this endpoint and create it again");
        };
        return outcome instanceof StepOutcome.Fail ? outcome.then(() -> outcomes.observed(endpoint.id(), e.cloudState())) : outcome;
    }

    private StepOutcome failedInCloud(ReverseEndpoint endpoint, String reason) {
        String why = reason == null ? "no reason given" : reason;
        if (why.toLowerCase(java.util.Locale.ROOT).contains("address")) {
            return StepOutcome.fail(SUBNET_CAPACITY_EXHAUSTED, "the platform's subnets in " + endpoint.region()
                    + " have no free /28 block left for the endpoint (" + why + ")");
        }
        return StepOutcome.fail("ENDPOINT_FAILED", "the cloud failed to create the endpoint: " + why);
    }

    /** Missing from a describe: just created (eventual consistency) or deleted outside the platform. */
    private StepOutcome notSeen(CloudObservations.Observation observation, ReverseEndpoint endpoint) {
        if (endpoint.createRequestedAt() != null
                && endpoint.createRequestedAt().plus(properties.visibilityGrace()).isAfter(observation.now())) {
            return null; // waits on: its step's recheck (or the region's next describe) looks again
        }
        return StepOutcome.fail("ENDPOINT_DELETED", "endpoint " + endpoint.endpointId()
                + " no longer exists in the cloud: it was deleted outside the platform; delete this endpoint and create it again");
    }

    private String awaitingAcceptance(ReverseEndpoint endpoint, String vpcEndpointId) {
        return "waiting for the owner of endpoint service " + endpoint.vpcEndpointServiceName() + " to accept the connection from "
                + vpcEndpointId + " (or to turn acceptance off); it expires after " + properties.acceptanceDeadline().toDays() + " days";
    }

    private String subnetFull(ReverseEndpoint endpoint, CloudException e) {
        return "the platform's subnets in " + endpoint.region() + " have no free /28 block left: every reverse endpoint needs "
                + "one in each subnet. Delete reverse endpoints no pipe uses, or ask the platform's operators for capacity ("
                + e.getMessage() + ")";
    }

    // ---- MSK_MULTI_VPC

    /** Creates the multi-VPC connection with the chosen authentication, after looking for an earlier one. */
    StepOutcome createMskConnection(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        if (endpoint.endpointId() != null) {
            return StepOutcome.done();
        }
        MskVpcConnections msk = mskConnections();
        if (endpoint.createRequestedAt() != null) {
            Optional<MskVpcConnection> earlier = msk.findMskVpcConnection(endpoint.region(), endpoint.mskClusterArn(),
                    endpoint.clientToken());
            if (earlier.isPresent()) {
                return createdConnection(endpoint, earlier.get());
            }
        } else {
            outcomes.createRequested(endpoint.id());
        }
        try {
            return createdConnection(endpoint, msk.createMskVpcConnection(endpoint.region(), endpoint.mskClusterArn(),
                    endpoint.mskAuthentication(), endpoint.clientToken()));
        } catch (CloudException e) {
            if (MskVpcConnections.isSubnetFull(e)) {
                return StepOutcome.fail(SUBNET_CAPACITY_EXHAUSTED, subnetFull(endpoint, e));
            }
            if ("ForbiddenException".equals(e.code()) || "AccessDeniedException".equals(e.code())) {
                return StepOutcome.fail("MSK_CLUSTER_POLICY", clusterPolicy(endpoint));
            }
            if (e.kind() == CloudErrorKind.NOT_FOUND) {
                return StepOutcome.retry("MSK_CLUSTER_NOT_FOUND", "MSK cluster " + endpoint.mskClusterArn()
                        + " does not exist in " + endpoint.region());
            }
            throw e;
        }
    }

    private StepOutcome createdConnection(ReverseEndpoint endpoint, MskVpcConnection created) {
        return StepOutcome.done().then(() -> outcomes.created(endpoint.id(), created.vpcConnectionArn(), created.cloudState()));
    }

    private String clusterPolicy(ReverseEndpoint endpoint) {
        return "the cluster policy of " + endpoint.mskClusterArn() + " does not allow the platform's AWS account "
                + properties.accountId() + ": add " + properties.principalArn() + " as a principal for kafka:CreateVpcConnection, "
                + "kafka:GetBootstrapBrokers, kafka:DescribeCluster and kafka:DescribeClusterV2";
    }

    /** Follows the connection until it is available: parks on the next listing of its region. */
    StepOutcome awaitMskConnection(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null || endpoint.endpointId() == null) {
            return gone();
        }
        return CloudObservations.await(endpoint, backoff(context));
    }

    /** What a listing of its region means for {@link #awaitMskConnection}; {@code null}: it waits on as it is. */
    StepOutcome mskConnectionObserved(CloudObservations.Observation observation, Optional<MskVpcConnection> seen) {
        ReverseEndpoint endpoint = observation.endpoint();
        if (endpoint == null || !endpoint.status().isInProgress() || endpoint.endpointId() == null) {
            return gone();
        }
        if (seen.isEmpty()) {
            return notSeen(observation, endpoint);
        }
        MskVpcConnection c = seen.get();
        StepOutcome outcome = switch (c.state()) {
            case AVAILABLE -> StepOutcome.done().then(() -> outcomes.provisioning(endpoint.id(), c.cloudState()));
            case PENDING -> endpoint.status() == ReverseEndpointStatus.PROVISIONING && c.cloudState().equals(endpoint.cloudState())
                    ? null : waitOn(observation).then(() -> outcomes.provisioning(endpoint.id(), c.cloudState()));
            case REJECTED -> StepOutcome.fail(REJECTED, "the owner of MSK cluster " + endpoint.mskClusterArn()
                    + " rejected the multi-VPC connection");
            default -> StepOutcome.fail("CONNECTION_" + c.cloudState(), "the MSK connection to " + endpoint.mskClusterArn()
                    + " is " + c.cloudState() + "; delete this endpoint and create it again");
        };
        return outcome instanceof StepOutcome.Fail ? outcome.then(() -> outcomes.observed(endpoint.id(), c.cloudState())) : outcome;
    }

    /** Parked on, with a change to commit: the recheck keeps its backoff. */
    private StepOutcome waitOn(CloudObservations.Observation observation) {
        return CloudObservations.await(observation.endpoint(), backoff(observation.stepStartedAt(), observation.now()));
    }

    /** Reads the brokers' names for the chosen authentication: the connection is Ready with them. */
    StepOutcome readBrokers(StepContext context) {
        ReverseEndpoint endpoint = creating(context).orElse(null);
        if (endpoint == null) {
            return gone();
        }
        List<String> brokers;
        try {
            brokers = mskConnections().brokerDnsNames(endpoint.region(), endpoint.mskClusterArn(), endpoint.mskAuthentication());
        } catch (CloudException e) {
            if ("ForbiddenException".equals(e.code()) || "AccessDeniedException".equals(e.code())) {
                return StepOutcome.fail("MSK_CLUSTER_POLICY", clusterPolicy(endpoint));
            }
            throw e;
        }
        String state = endpoint.cloudState();
        return StepOutcome.done().then(() -> outcomes.ready(endpoint.id(), state, brokers, brokers));
    }

    // ---- common

    /** What the end of a creation workflow means for the endpoint. */
    void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        switch (reasonCode) {
            case GONE -> { }
            case REJECTED -> outcomes.rejected(workflow.subjectId(), reasonCode, message);
            case EXPIRED -> outcomes.expired(workflow.subjectId(), message);
            default -> outcomes.failed(workflow.subjectId(), reasonCode, message);
        }
    }

    void onExpired(WorkflowRef workflow) {
        outcomes.expired(workflow.subjectId(), "the endpoint was not accepted (or did not come up) within "
                + properties.acceptanceDeadline().toDays() + " days; delete it and create it again");
    }

    void cancelledByOperator(WorkflowRef workflow) {
        outcomes.cancelledByOperator(workflow.subjectId());
    }

    boolean retriedByOperator(WorkflowRef workflow) {
        return outcomes.retriedByOperator(workflow.subjectId());
    }

    void lock(UUID id) {
        endpoints.lockById(id);
    }

    /** The endpoint while its creation is under way; empty when deleted meanwhile (or gone). */
    private Optional<ReverseEndpoint> creating(StepContext context) {
        return endpoints.findById(context.subjectId()).filter(e -> e.status().isInProgress());
    }

    private static StepOutcome gone() {
        return StepOutcome.fail(GONE, "the reverse endpoint is being deleted or no longer exists");
    }

    /** Re-checks start at the first delay and slow down as the wait grows, up to the maximum. */
    Duration backoff(StepContext context) {
        return backoff(context.stepStartedAt(), context.now());
    }

    Duration backoff(Instant stepStartedAt, Instant now) {
        Duration waited = Duration.between(stepStartedAt, now);
        Duration delay = waited.dividedBy(2);
        if (delay.compareTo(properties.firstCheckDelay()) < 0) {
            return properties.firstCheckDelay();
        }
        return delay.compareTo(properties.maxCheckDelay()) > 0 ? properties.maxCheckDelay() : delay;
    }

    private ReverseVpcEndpoints vpcEndpoints() {
        return clouds.reverseVpcEndpoints(CloudProvider.AWS).orElseThrow(() -> notOffered("reverse VPC endpoints"));
    }

    private MskVpcConnections mskConnections() {
        return clouds.mskVpcConnections(CloudProvider.AWS).orElseThrow(() -> notOffered("MSK VPC connections"));
    }

    private static CloudException notOffered(String what) {
        return new CloudException(CloudProvider.AWS, "reverse-endpoint", "NotOffered", CloudErrorKind.TERMINAL,
                "the AWS backend offers no " + what);
    }
}
