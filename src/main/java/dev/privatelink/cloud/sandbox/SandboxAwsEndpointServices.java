package dev.privatelink.cloud.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * AWS PrivateLink in the sandbox: the platform's VPC endpoint services ({@code vpce-svc-…}) and the
 * customers' interface endpoints ({@code vpce-…}) connecting to them. Active unless the real AWS
 * adapter is enabled ({@code privatelink.clouds.aws.enabled=true}).
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
public class SandboxAwsEndpointServices extends SandboxCloud {

    private static final Pattern DOMAIN = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final int ID_ATTEMPTS = 5;

    private final SandboxDnsZones dns;

    @Autowired
    SandboxAwsEndpointServices(SandboxServices services, SandboxConnections connections, SandboxCalls calls,
                               SandboxDnsZones dns, SandboxSettings settings, Clock clock) {
        super(services, connections, calls, settings, clock);
        this.dns = dns;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    String defaultAccount() {
        return settings.awsAccount();
    }

    @Override
    public Optional<EndpointServiceDescription> createEndpointService(String account, String region, String idempotencyToken) {
        return calls.call(CloudProvider.AWS, "createEndpointService", region, () -> {
            requireRegion("createEndpointService", region);
            String owner = account == null ? defaultAccount() : account;
            String token = idempotencyToken == null ? UUID.randomUUID().toString() : idempotencyToken;
            for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
                Optional<SandboxService> existing = services.findByToken(CloudProvider.AWS, token);
                if (existing.isPresent()) {
                    return Optional.of(sameRequest(existing.get(), owner, region).describe(now(), settings.latency()));
                }
                String serviceId = SandboxIds.awsServiceId();
                services.insertIfAbsent(new SandboxService(serviceId, CloudProvider.AWS, owner, region,
                        SandboxIds.awsServiceName(region, serviceId), SandboxService.AWS_AVAILABLE, Set.of(region),
                        null, null, null, null, null, token, now()));
            }
            throw new IllegalStateException("could not create a sandbox endpoint service for token " + token);
        });
    }

    @Override
    public void allowConsumerRegion(EndpointServiceRef ref, String consumerRegion) {
        calls.run(CloudProvider.AWS, "allowConsumerRegion", ref.region(), () -> {
            SandboxService service = service("allowConsumerRegion", ref);
            requireRegion("allowConsumerRegion", consumerRegion);
            if (service.supportedRegions().contains(consumerRegion)) {
                return;
            }
            if (!CloudRegions.crossRegionAllowed(CloudProvider.AWS, consumerRegion, service.region())) {
                throw invalidParameter("allowConsumerRegion", "Cross-region connectivity between " + consumerRegion
                        + " and " + service.region() + " is not supported.");
            }
            services.addSupportedRegion(service.serviceId(), consumerRegion);
        });
    }

    @Override
    public Optional<DomainVerification> setPrivateDnsName(EndpointServiceRef ref, String privateDnsName) {
        return calls.call(CloudProvider.AWS, "setPrivateDnsName", ref.region(), () -> {
            SandboxService service = service("setPrivateDnsName", ref);
            String name = privateDnsName == null ? "" : SandboxDnsZones.normalise(privateDnsName);
            if (!DOMAIN.matcher(name).matches()) {
                throw invalidParameter("setPrivateDnsName", "The private DNS name '" + privateDnsName + "' is not a valid domain name.");
            }
            if (name.equals(service.privateDnsName())) {
                return Optional.of(new DomainVerification(service.verificationName(), service.verificationValue()));
            }
            String domain = name.startsWith("*.") ? name.substring(2) : name;
            DomainVerification verification = new DomainVerification(SandboxIds.verificationLabel() + "." + domain,
                    SandboxIds.verificationValue());
            services.setPrivateDnsName(service.serviceId(), name, verification.recordName(), verification.recordValue());
            return Optional.of(verification);
        });
    }

    /** Decides now whether the TXT record is in the sandbox's DNS; the outcome shows after the verification latency. */
    @Override
    public void startPrivateDnsVerification(EndpointServiceRef ref) {
        calls.run(CloudProvider.AWS, "startPrivateDnsVerification", ref.region(), () -> {
            SandboxService service = service("startPrivateDnsVerification", ref);
            if (service.privateDnsName() == null) {
                throw invalidParameter("startPrivateDnsVerification",
                        "The endpoint service " + service.serviceId() + " has no private DNS name to verify.");
            }
            boolean found = dns.holdsTxt(CloudProvider.AWS, service.verificationName(), service.verificationValue());
            services.recordVerification(service.serviceId(), found ? "verified" : "failed",
                    now().plus(settings.latency().dnsVerification()));
        });
    }

    @Override
    CloudException serviceNotFound(String operation, EndpointServiceRef ref) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND,
                "The Vpc Endpoint Service Id '" + ref.cloudResourceId() + "' does not exist");
    }

    @Override
    CloudException connectionNotFound(String operation, EndpointConnection connection) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidVpcEndpointId.NotFound", CloudErrorKind.NOT_FOUND,
                "The VPC endpoint '" + connection.endpointId() + "' does not exist or is not connected to this service");
    }

    // ---- the customer's side (sandbox API) ----

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

    /** A stable, plausible account id per organization, so different tenants show different owners. */
    private static String accountOf(Caller caller) {
        long bits = caller.organizationId().getMostSignificantBits() ^ caller.organizationId().getLeastSignificantBits();
        return String.format("%012d", Math.floorMod(bits, 1_000_000_000_000L));
    }

    /** The regional hosted zone of VPC endpoint DNS names (AWS has one per region; ours is derived from its name). */
    private static String hostedZoneId(String region) {
        return String.format("Z%013X", Math.floorMod(region.hashCode() * 2654435761L, 1L << 52));
    }

    private SandboxService sameRequest(SandboxService existing, String account, String region) {
        if (!existing.region().equals(region) || !existing.account().equals(account)) {
            throw new CloudException(CloudProvider.AWS, "createEndpointService", "IdempotentParameterMismatch",
                    CloudErrorKind.TERMINAL, "The client token was already used with different parameters.");
        }
        return existing;
    }

    private void requireRegion(String operation, String region) {
        if (region == null || !CloudRegions.isRegion(CloudProvider.AWS, region)) {
            throw invalidParameter(operation, "'" + region + "' is not an AWS region.");
        }
    }

    private static CloudException invalidParameter(String operation, String message) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidParameterValue", CloudErrorKind.TERMINAL, message);
    }

    /**
     * The customer's view of an interface endpoint, as {@code DescribeVpcEndpoints} shows it.
     *
     * @param state the consumer-side state: pendingAcceptance, pending, available, rejected, deleting, deleted
     */
    record VpcEndpoint(String vpcEndpointId, String serviceName, String region, String serviceRegion, String state,
                       List<DnsEntry> dnsEntries, String ownerId, Instant createdAt) {
    }

    record DnsEntry(String dnsName, String hostedZoneId) {
    }
}
