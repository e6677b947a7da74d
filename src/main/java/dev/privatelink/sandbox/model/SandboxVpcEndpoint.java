package dev.privatelink.sandbox.model;

import java.time.Instant;
import java.util.List;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;

/**
 * A VPC endpoint the platform created in its own VPC (reverse direction), with EC2's state machine:
 * an interface endpoint to a service that wants acceptance starts {@code pendingAcceptance}, the owner
 * accepts ({@code pending}) or rejects ({@code rejected}); otherwise it starts {@code pending}.
 * {@code pending} becomes {@code available} once the reverse-endpoint latency has passed; a deleted
 * one is {@code deleting}, then {@code deleted}. Only commanded states are stored; the timed ones are
 * derived from {@code stateChangedAt} and the clock.
 */
public record SandboxVpcEndpoint(
        String vpcEndpointId,
        String region,
        String ownerId,
        String endpointType,
        String serviceName,
        String serviceId,
        String serviceRegion,
        String resourceConfigurationArn,
        boolean privateDnsEnabled,
        String clientToken,
        String state,
        Instant stateChangedAt,
        Instant createdAt) {

    public static final String INTERFACE = "Interface";
    public static final String RESOURCE = "Resource";
    static final String PENDING_ACCEPTANCE = "pendingAcceptance";
    static final String PENDING = "pending";
    static final String AVAILABLE = "available";
    static final String REJECTED = "rejected";
    static final String DELETING = "deleting";
    static final String DELETED = "deleted";

    /** An interface endpoint to a customer's service; it waits for the owner when the service wants acceptance. */
    public static SandboxVpcEndpoint newInterface(String id, String region, String owner, SandboxReverseTargets.CustomerService service,
                                                  boolean privateDnsEnabled, String clientToken, Instant now) {
        return new SandboxVpcEndpoint(id, region, owner, INTERFACE, service.serviceName(), service.serviceId(), service.region(),
                null, privateDnsEnabled, clientToken, service.acceptanceRequired() ? PENDING_ACCEPTANCE : PENDING, now, now);
    }

    /** A resource endpoint to a resource configuration shared with the platform. */
    public static SandboxVpcEndpoint newResource(String id, String region, String owner, String resourceConfigurationArn,
                                                 String clientToken, Instant now) {
        return new SandboxVpcEndpoint(id, region, owner, RESOURCE, null, null, null, resourceConfigurationArn, false,
                clientToken, PENDING, now, now);
    }

    /** EC2's word for the endpoint at {@code now}. */
    public String cloudState(Instant now, SandboxSettings.Latency latency) {
        if (state.equals(PENDING) && !now.isBefore(stateChangedAt.plus(latency.reverseEndpoint()))) {
            return AVAILABLE;
        }
        if (state.equals(DELETING) && !now.isBefore(stateChangedAt.plus(latency.delete()))) {
            return DELETED;
        }
        return state;
    }

    /** Whether it still holds its /28 blocks in the platform's subnets. */
    public boolean holdsAddresses(Instant now, SandboxSettings.Latency latency) {
        return !cloudState(now, latency).equals(DELETED);
    }

    /** The service owner accepts the connection. */
    public SandboxVpcEndpoint accept(Instant now, SandboxSettings.Latency latency) {
        String current = cloudState(now, latency);
        return switch (current) {
            case PENDING_ACCEPTANCE -> moveTo(PENDING, now);
            case PENDING, AVAILABLE -> this;
            default -> throw invalidState("AcceptVpcEndpointConnections", current, "accepted");
        };
    }

    /** The service owner rejects the connection, also one it accepted before. */
    public SandboxVpcEndpoint reject(Instant now, SandboxSettings.Latency latency) {
        String current = cloudState(now, latency);
        return switch (current) {
            case PENDING_ACCEPTANCE, PENDING, AVAILABLE -> moveTo(REJECTED, now);
            case REJECTED -> this;
            default -> throw invalidState("RejectVpcEndpointConnections", current, "rejected");
        };
    }

    /** The platform deletes it; deleting one that is going or gone does nothing. */
    public SandboxVpcEndpoint delete(Instant now, SandboxSettings.Latency latency) {
        String current = cloudState(now, latency);
        return current.equals(DELETING) || current.equals(DELETED) ? this : moveTo(DELETING, now);
    }

    /**
     * As DescribeVpcEndpoints shows it to the platform: names generated like EC2's, and the service's
     * private DNS name when the endpoint was created with private DNS.
     */
    public VpcEndpoint toPort(Instant now, SandboxSettings.Latency latency, String servicePrivateDnsName) {
        return toPort(cloudState(now, latency), servicePrivateDnsName);
    }

    /** As CreateVpcEndpoint answers: in its first state, never {@code available} yet. */
    public VpcEndpoint asCreated(String servicePrivateDnsName) {
        return toPort(state, servicePrivateDnsName);
    }

    private VpcEndpoint toPort(String cloudState, String servicePrivateDnsName) {
        String suffix = String.format("%08x", vpcEndpointId.hashCode());
        List<String> dnsNames = INTERFACE.equals(endpointType)
                ? List.of(vpcEndpointId + "-" + suffix + "." + serviceId + "." + region + ".vpce.amazonaws.com",
                        vpcEndpointId + "-" + suffix + "-" + region + "a." + serviceId + "." + region + ".vpce.amazonaws.com")
                : List.of(vpcEndpointId + "-snra-" + suffix + "." + resourceConfigurationArn.substring(
                        resourceConfigurationArn.lastIndexOf('/') + 1) + ".4232ccc.vpc-lattice-rsc." + region + ".on.aws");
        List<String> privateNames = privateDnsEnabled && servicePrivateDnsName != null ? List.of(servicePrivateDnsName) : List.of();
        return new VpcEndpoint(vpcEndpointId, region, cloudState, ConnectionState.ofAws(cloudState), dnsNames, privateNames, null);
    }

    private SandboxVpcEndpoint moveTo(String newState, Instant now) {
        return new SandboxVpcEndpoint(vpcEndpointId, region, ownerId, endpointType, serviceName, serviceId, serviceRegion,
                resourceConfigurationArn, privateDnsEnabled, clientToken, newState, now, createdAt);
    }

    private CloudException invalidState(String operation, String current, String verb) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidState", CloudErrorKind.TERMINAL,
                "The VPC endpoint connection '" + vpcEndpointId + "' is in state '" + current + "' and cannot be " + verb + ".");
    }
}
