package dev.privatelink.sandbox.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.sandbox.model.SandboxConnection;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxService;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The customer's side of AWS PrivateLink in the sandbox: interface endpoints ({@code vpce-…}) that a
 * customer creates in their own VPC against one of the platform's endpoint services, reads and deletes.
 * Any API key plays the customer; an organization sees only its own endpoints.
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
class CustomerVpcEndpoints extends CustomerEndpoints {

    CustomerVpcEndpoints(SandboxServices services, SandboxConnections connections, SandboxSettings settings, Clock clock) {
        super(services, connections, settings, clock);
    }

    @Override
    CloudProvider provider() {
        return CloudProvider.AWS;
    }

    /** The customer creates an interface endpoint to a service name, from a region. */
    VpcEndpoint createVpcEndpoint(Caller caller, String serviceName, String region) {
        if (!CloudRegions.isRegion(CloudProvider.AWS, region)) {
            throw ApiException.badRequest("region '" + region + "' is not an AWS region");
        }
        SandboxService service = services.findByName(CloudProvider.AWS, serviceName.strip())
                .orElseThrow(() -> ApiException.notFound("The Vpc Endpoint Service '" + serviceName + "' does not exist"));
        if (!service.acceptsConsumersFrom(region)) {
            throw ApiException.badRequest("Service name could not be verified: '" + service.serviceName()
                    + "' is not offered in " + region + "; its owner must add " + region + " to its supported regions "
                    + "(currently " + String.join(", ", service.supportedRegions()) + ")");
        }
        SandboxConnection endpoint = SandboxConnection.newAws(SandboxIds.awsEndpointId(), service.serviceId(), region,
                accountOf(caller), caller.organizationId(), now());
        connections.insert(endpoint);
        return view(endpoint, service);
    }

    VpcEndpoint vpcEndpoint(Caller caller, String vpcEndpointId) {
        SandboxConnection endpoint = visibleEndpoint(caller, vpcEndpointId);
        return view(endpoint, services.find(CloudProvider.AWS, endpoint.serviceId()).orElseThrow());
    }

    /** The customer deletes the endpoint: deleting, then deleted after the delete latency. */
    VpcEndpoint deleteVpcEndpoint(Caller caller, String vpcEndpointId) {
        SandboxConnection endpoint = deleteEndpoint(visibleEndpoint(caller, vpcEndpointId));
        return view(endpoint, services.find(CloudProvider.AWS, endpoint.serviceId()).orElseThrow());
    }

    private SandboxConnection visibleEndpoint(Caller caller, String vpcEndpointId) {
        String id = vpcEndpointId.toLowerCase(Locale.ROOT);
        if (!SandboxIds.AWS_ENDPOINT_ID.matcher(id).matches()) {
            throw ApiException.badRequest("'" + vpcEndpointId + "' is not a VPC endpoint id; expected vpce- and 17 hex digits");
        }
        return connections.find(CloudProvider.AWS, id)
                .filter(e -> caller.isOperator() || caller.organizationId().equals(e.organizationId()))
                .orElseThrow(() -> ApiException.notFound("The VPC endpoint '" + vpcEndpointId + "' does not exist"));
    }

    private VpcEndpoint view(SandboxConnection endpoint, SandboxService service) {
        Instant now = now();
        String suffix = String.format("%08x", endpoint.endpointId().hashCode());
        String host = "." + service.serviceId() + "." + endpoint.region() + ".vpce.amazonaws.com";
        String zone = hostedZoneId(endpoint.region());
        List<DnsEntry> entries = List.of(
                new DnsEntry(endpoint.endpointId() + "-" + suffix + host, zone),
                new DnsEntry(endpoint.endpointId() + "-" + suffix + "-" + endpoint.region() + "a" + host, zone));
        return new VpcEndpoint(endpoint.endpointId(), service.serviceName(), endpoint.region(), service.region(),
                endpoint.cloudState(now, settings.latency()), entries, endpoint.ownerId(), endpoint.createdAt());
    }

    /** The regional hosted zone of VPC endpoint DNS names (AWS has one per region; ours is derived from its name). */
    private static String hostedZoneId(String region) {
        return String.format("Z%013X", Math.floorMod(region.hashCode() * 2654435761L, 1L << 52));
    }

    /**
     * The customer's view of an interface endpoint, as {@code DescribeVpcEndpoints} shows it.
     *
     * @param state the consumer-side state: pendingAcceptance, pending, available, rejected, deleting, deleted
     */
    @Schema(name = "SandboxVpcEndpoint")
    record VpcEndpoint(String vpcEndpointId, String serviceName, String region, String serviceRegion, String state,
                       List<DnsEntry> dnsEntries, String ownerId, Instant createdAt) {
    }

    @Schema(name = "SandboxDnsEntry")
    record DnsEntry(String dnsName, String hostedZoneId) {
    }
}
