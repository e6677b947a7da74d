package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.ResourceShareInvitations;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxMskConnection;
import dev.privatelink.sandbox.model.SandboxReverseEndpoints;
import dev.privatelink.sandbox.model.SandboxReverseTargets;
import dev.privatelink.sandbox.model.SandboxReverseTargets.CustomerService;
import dev.privatelink.sandbox.model.SandboxReverseTargets.Invitation;
import dev.privatelink.sandbox.model.SandboxReverseTargets.MskCluster;
import dev.privatelink.sandbox.model.SandboxReverseTargets.ResourceConfiguration;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.sandbox.model.SandboxVpcEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The reverse direction of AWS in the sandbox, the platform's side: VPC endpoints in its own VPC to
 * customers' endpoint services and shared resource configurations, RAM invitations, MSK multi-VPC
 * connections. It checks what AWS checks and fails with AWS's codes: an endpoint service that does not
 * allow the platform's account (or is not offered in the region) is {@code InvalidServiceName}, a share
 * never sent to the platform is {@code UnknownResourceException}, a cluster policy without the platform
 * is {@code ForbiddenException}, a full subnet {@code InsufficientFreeAddressesInSubnet}. The customer's
 * side is {@code sandbox.customer.CustomerReverseTargets}.
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
public class SandboxAwsReverseEndpoints implements ReverseVpcEndpoints, ResourceShareInvitations, MskVpcConnections {

    private static final int TRANSITION_ATTEMPTS = 5;
    private static final CloudProvider AWS = CloudProvider.AWS;

    private final SandboxReverseEndpoints endpoints;
    private final SandboxReverseTargets targets;
    private final SandboxCalls calls;
    private final SandboxSettings settings;
    private final Clock clock;

    SandboxAwsReverseEndpoints(SandboxReverseEndpoints endpoints, SandboxReverseTargets targets, SandboxCalls calls,
                               SandboxSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.targets = targets;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public CloudProvider provider() {
        return AWS;
    }

    /** Whether a principal list (endpoint service permissions, cluster policy) lets the platform's account in. */
    static boolean allows(List<String> principals, String account) {
        return principals.stream().map(String::strip).anyMatch(p -> p.equals("*") || p.equals(account)
                || p.equals("arn:aws:iam::" + account + ":root"));
    }

    // ---- VPC endpoints

    @Override
    public EndpointServiceOffer describeEndpointServiceOffer(String region, String serviceName, String serviceRegion) {
        return calls.call(AWS, "describeEndpointServiceOffer", region, () -> {
            CustomerService service = visibleService("describeEndpointServiceOffer", region, serviceName, serviceRegion);
            return new EndpointServiceOffer(service.serviceName(), service.region(), service.privateDnsName(),
                    service.acceptanceRequired());
        });
    }

    @Override
    public VpcEndpoint createVpcEndpoint(VpcEndpointRequest request) {
        return calls.call(AWS, "createVpcEndpoint", request.region(), () -> {
            requireRegion("createVpcEndpoint", request.region());
            if (request.clientToken() == null || request.clientToken().isBlank()) {
                throw invalidParameter("createVpcEndpoint", "A client token is required.");
            }
            Optional<SandboxVpcEndpoint> earlier = endpoints.endpointByToken(request.clientToken());
            if (earlier.isPresent()) {
                return sameRequest(earlier.get(), request);
            }
            Instant now = now();
            SandboxVpcEndpoint created = request.type() == EndpointType.RESOURCE
                    ? SandboxVpcEndpoint.newResource(SandboxIds.awsEndpointId(), request.region(), account(),
                    sharedConfiguration(request).arn(), request.clientToken(), now)
                    : SandboxVpcEndpoint.newInterface(SandboxIds.awsEndpointId(), request.region(), account(),
                    interfaceTarget(request), request.privateDnsEnabled(), request.clientToken(), now);
            SandboxVpcEndpoint stored = endpoints.inRegionWithRoom(request.region(), settings.subnetCapacity().blocksIn(request.region()),
                    now.minus(settings.latency().delete()), () -> {
                        // a concurrent retry with the same token may have won the lock first
                        Optional<SandboxVpcEndpoint> raced = endpoints.endpointByToken(request.clientToken());
                        if (raced.isPresent()) {
                            return raced.get();
                        }
                        endpoints.insert(created);
                        return created;
                    }, () -> {
                        throw subnetFull("createVpcEndpoint", request.region());
                    });
            return stored == created ? created.asCreated(privateDnsNameOf(created))
                    : stored.toPort(now(), settings.latency(), privateDnsNameOf(stored));
        });
    }

    @Override
    public Optional<VpcEndpoint> findVpcEndpoint(String region, String clientToken) {
        return calls.call(AWS, "findVpcEndpoint", region, () -> endpoints.endpointByToken(clientToken)
                .filter(e -> e.region().equals(region) && e.ownerId().equals(account()))
                .map(e -> e.toPort(now(), settings.latency(), privateDnsNameOf(e)))
                .filter(e -> !"deleted".equals(e.cloudState())));
    }

    @Override
    public List<VpcEndpoint> describeVpcEndpoints(String region, Collection<String> vpcEndpointIds) {
        return calls.call(AWS, "describeVpcEndpoints", region, () -> {
            Instant now = now();
            return endpoints.endpoints(account(), region, vpcEndpointIds).stream()
                    .map(e -> e.toPort(now, settings.latency(), privateDnsNameOf(e)))
                    .toList();
        });
    }

    @Override
    public void deleteVpcEndpoint(String region, String vpcEndpointId) {
        calls.run(AWS, "deleteVpcEndpoint", region, () -> {
            for (int attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
                Optional<SandboxVpcEndpoint> current = endpoints.endpoint(vpcEndpointId)
                        .filter(e -> e.region().equals(region) && e.ownerId().equals(account()));
                if (current.isEmpty()) {
                    return; // gone already is what a delete wants
                }
                SandboxVpcEndpoint next = current.get().delete(now(), settings.latency());
                if (next == current.get() || endpoints.replace(current.get(), next)) {
                    return;
                }
            }
            throw concurrentModification("deleteVpcEndpoint");
        });
    }

    /** The service a consumer in {@code region} may connect to, as AWS shows it: not at all unless allowed and offered there. */
    private CustomerService visibleService(String operation, String region, String serviceName, String serviceRegion) {
        requireRegion(operation, region);
        CustomerService service = serviceName == null ? null : targets.serviceByName(serviceName.strip()).orElse(null);
        boolean crossRegionAsked = serviceRegion != null && !serviceRegion.equals(region);
        boolean visible = service != null && allows(service.allowedPrincipals(), account())
                && (service.region().equals(region) || (crossRegionAsked && service.region().equals(serviceRegion)
                && service.offeredIn(region) && CloudRegions.crossRegionAllowed(AWS, region, service.region())));
        if (!visible) {
            throw new CloudException(AWS, operation, SERVICE_NOT_VISIBLE, CloudErrorKind.TERMINAL,
                    "The Vpc Endpoint Service '" + serviceName + "' does not exist");
        }
        return service;
    }

    private CustomerService interfaceTarget(VpcEndpointRequest request) {
        CustomerService service = visibleService("createVpcEndpoint", request.region(), request.serviceName(), request.serviceRegion());
        if (request.privateDnsEnabled() && service.privateDnsName() == null) {
            throw invalidParameter("createVpcEndpoint", "Private DNS can't be enabled because the service "
                    + service.serviceName() + " does not provide a private DNS name.");
        }
        return service;
    }

    /** A resource endpoint needs a resource configuration in its region whose share the platform accepted. */
    private ResourceConfiguration sharedConfiguration(VpcEndpointRequest request) {
        Optional<ResourceConfiguration> configuration = request.resourceConfigurationArn() == null ? Optional.empty()
                : targets.resourceConfigurationByArn(request.resourceConfigurationArn());
        boolean accepted = configuration.isPresent() && configuration.get().region().equals(request.region())
                && targets.invitations(configuration.get().resourceShareArn(), account()).stream()
                .anyMatch(i -> "ACCEPTED".equals(i.status()));
        if (!accepted) {
            throw invalidParameter("createVpcEndpoint", "The resource configuration '" + request.resourceConfigurationArn()
                    + "' does not exist in " + request.region() + " or is not shared with account " + account() + ".");
        }
        return configuration.get();
    }

    private VpcEndpoint sameRequest(SandboxVpcEndpoint earlier, VpcEndpointRequest request) {
        boolean same = earlier.region().equals(request.region())
                && earlier.endpointType().equals(request.type() == EndpointType.RESOURCE ? SandboxVpcEndpoint.RESOURCE
                : SandboxVpcEndpoint.INTERFACE)
                && (request.type() == EndpointType.RESOURCE
                ? earlier.resourceConfigurationArn().equals(request.resourceConfigurationArn())
                : earlier.serviceName().equalsIgnoreCase(request.serviceName()));
        if (!same) {
            throw new CloudException(AWS, "createVpcEndpoint", "IdempotentParameterMismatch", CloudErrorKind.TERMINAL,
                    "The client token was already used with different parameters.");
        }
        return earlier.toPort(now(), settings.latency(), privateDnsNameOf(earlier));
    }

    private String privateDnsNameOf(SandboxVpcEndpoint endpoint) {
        return endpoint.serviceId() == null ? null
                : targets.service(endpoint.serviceId()).map(CustomerService::privateDnsName).orElse(null);
    }

    // ---- RAM

    @Override
    public List<ResourceShareInvitation> listResourceShareInvitations(String region) {
        return calls.call(AWS, "getResourceShareInvitations", region, () -> targets.invitationsTo(account()).stream()
                .filter(i -> i.resourceShareArn().contains(":" + region + ":"))
                .map(SandboxAwsReverseEndpoints::port).toList());
    }

    @Override
    public List<ResourceShareInvitation> invitationsForShare(String region, String resourceShareArn) {
        return calls.call(AWS, "getResourceShareInvitations", region, () -> {
            List<Invitation> invitations = targets.resourceConfigurationByShare(resourceShareArn)
                    .filter(c -> c.region().equals(region))
                    .map(c -> targets.invitations(resourceShareArn, account()))
                    .orElse(List.of());
            if (invitations.isEmpty()) {
                throw new CloudException(AWS, "getResourceShareInvitations", "UnknownResourceException", CloudErrorKind.NOT_FOUND,
                        "ResourceShare " + resourceShareArn + " could not be found.");
            }
            return invitations.stream().map(SandboxAwsReverseEndpoints::port).toList();
        });
    }

    @Override
    public void acceptResourceShareInvitation(String region, String invitationArn) {
        calls.run(AWS, "acceptResourceShareInvitation", region, () -> {
            Invitation invitation = targets.invitation(invitationArn)
                    .filter(i -> i.receiverAccountId().equals(account()) && i.resourceShareArn().contains(":" + region + ":"))
                    .orElseThrow(() -> new CloudException(AWS, "acceptResourceShareInvitation",
                            "ResourceShareInvitationArnNotFoundException", CloudErrorKind.NOT_FOUND,
                            "ResourceShareInvitation " + invitationArn + " could not be found."));
            if (!targets.accept(invitationArn) && "ACCEPTED".equals(targets.invitation(invitationArn).orElseThrow().status())) {
                return; // accepted already: the goal
            }
            if (!"PENDING".equals(invitation.status()) && !"ACCEPTED".equals(invitation.status())) {
                throw new CloudException(AWS, "acceptResourceShareInvitation", "ResourceShareInvitationExpiredException",
                        CloudErrorKind.TERMINAL, "ResourceShareInvitation " + invitationArn + " is " + invitation.status() + ".");
            }
        });
    }

    @Override
    public List<String> sharedResourceArns(String region, String resourceShareArn) {
        return calls.call(AWS, "listResources", region, () -> targets.resourceConfigurationByShare(resourceShareArn)
                .filter(c -> c.region().equals(region))
                .filter(c -> targets.invitations(resourceShareArn, account()).stream().anyMatch(i -> "ACCEPTED".equals(i.status())))
                .map(c -> List.of(c.arn()))
                .orElse(List.of()));
    }

    private static ResourceShareInvitation port(Invitation i) {
        return new ResourceShareInvitation(i.invitationArn(), i.resourceShareArn(), i.senderAccountId(), i.status());
    }

    // ---- MSK

    @Override
    public MskVpcConnection createMskVpcConnection(String region, String clusterArn, String authentication, String clientToken) {
        return calls.call(AWS, "createMskVpcConnection", region, () -> {
            requireRegion("createMskVpcConnection", region);
            Optional<SandboxMskConnection> earlier = endpoints.connectionByToken(clientToken)
                    .filter(c -> !c.isGone(now(), settings.latency()));
            if (earlier.isPresent()) {
                return earlier.get().toPort(now(), settings.latency());
            }
            MskCluster cluster = targets.cluster(clusterArn).filter(c -> c.region().equals(region))
                    .orElseThrow(() -> new CloudException(AWS, "createMskVpcConnection", "NotFoundException", CloudErrorKind.NOT_FOUND,
                            "The requested resource could not be found: cluster " + clusterArn + " in " + region + "."));
            if (!allows(cluster.allowedPrincipals(), account())) {
                throw new CloudException(AWS, "createMskVpcConnection", "ForbiddenException", CloudErrorKind.TERMINAL,
                        "The cluster policy of " + clusterArn + " does not allow account " + account()
                                + " to perform kafka:CreateVpcConnection.");
            }
            if (!cluster.authentication().contains(authentication)) {
                throw new CloudException(AWS, "createMskVpcConnection", "BadRequestException", CloudErrorKind.TERMINAL,
                        "Multi-VPC connectivity with " + authentication + " is not turned on for cluster " + clusterArn
                                + "; it offers " + cluster.authentication() + ".");
            }
            Instant now = now();
            SandboxMskConnection created = SandboxMskConnection.create(SandboxIds.mskVpcConnectionArn(region, account(), clusterArn),
                    clusterArn, region, account(), authentication, clientToken, now);
            return endpoints.inRegionWithRoom(region, settings.subnetCapacity().blocksIn(region), now.minus(settings.latency().delete()),
                    () -> {
                        endpoints.insert(created);
                        return created.asCreated();
                    }, () -> {
                        throw new CloudException(AWS, "createMskVpcConnection", "BadRequestException", CloudErrorKind.TERMINAL,
                                "Insufficient free IP addresses in the client subnets of " + region
                                        + ": each connection needs a free /28 block in every subnet.");
                    });
        });
    }

    @Override
    public Optional<MskVpcConnection> findMskVpcConnection(String region, String clusterArn, String clientToken) {
        return calls.call(AWS, "findMskVpcConnection", region, () -> endpoints.connectionByToken(clientToken)
                .filter(c -> c.region().equals(region) && c.clusterArn().equals(clusterArn))
                .filter(c -> !c.isGone(now(), settings.latency()) && !"DELETING".equals(c.state()))
                .map(c -> c.toPort(now(), settings.latency())));
    }

    @Override
    public List<MskVpcConnection> listMskVpcConnections(String region) {
        return calls.call(AWS, "listMskVpcConnections", region, () -> {
            Instant now = now();
            return endpoints.connections(account(), region).stream()
                    .filter(c -> !c.isGone(now, settings.latency()))
                    .map(c -> c.toPort(now, settings.latency()))
                    .toList();
        });
    }

    @Override
    public Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn) {
        return calls.call(AWS, "describeMskVpcConnection", region, () -> endpoints.connection(vpcConnectionArn)
                .filter(c -> c.region().equals(region) && !c.isGone(now(), settings.latency()))
                .map(c -> c.toPort(now(), settings.latency())));
    }

    @Override
    public void deleteMskVpcConnection(String region, String vpcConnectionArn) {
        calls.run(AWS, "deleteMskVpcConnection", region, () -> {
            for (int attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
                Optional<SandboxMskConnection> current = endpoints.connection(vpcConnectionArn)
                        .filter(c -> c.region().equals(region) && !c.isGone(now(), settings.latency()));
                if (current.isEmpty()) {
                    return;
                }
                SandboxMskConnection next = current.get().delete(now());
                if (next == current.get() || endpoints.replace(current.get(), next)) {
                    return;
                }
            }
            throw concurrentModification("deleteMskVpcConnection");
        });
    }

    @Override
    public List<String> brokerDnsNames(String region, String clusterArn, String authentication) {
        return calls.call(AWS, "getBootstrapBrokers", region, () -> {
            MskCluster cluster = targets.cluster(clusterArn).filter(c -> c.region().equals(region))
                    .orElseThrow(() -> new CloudException(AWS, "getBootstrapBrokers", "NotFoundException", CloudErrorKind.NOT_FOUND,
                            "The requested resource could not be found: cluster " + clusterArn + "."));
            if (!allows(cluster.allowedPrincipals(), account())) {
                throw new CloudException(AWS, "getBootstrapBrokers", "ForbiddenException", CloudErrorKind.TERMINAL,
                        "The cluster policy of " + clusterArn + " does not allow account " + account()
                                + " to perform kafka:GetBootstrapBrokers.");
            }
            String label = Integer.toHexString(clusterArn.hashCode() & 0xffffff);
            return IntStream.rangeClosed(1, cluster.brokerCount())
                    .mapToObj(i -> "b-" + i + "." + cluster.name() + "." + label + ".c2.kafka." + region + ".amazonaws.com")
                    .toList();
        });
    }

    // ----

    private String account() {
        return settings.awsAccount();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireRegion(String operation, String region) {
        if (region == null || !CloudRegions.isRegion(AWS, region)) {
            throw invalidParameter(operation, "'" + region + "' is not an AWS region.");
        }
    }

    private static CloudException subnetFull(String operation, String region) {
        return new CloudException(AWS, operation, SUBNET_FULL, CloudErrorKind.TERMINAL,
                "There are not enough free addresses in the subnets of the platform's VPC in " + region
                        + ": each endpoint needs a free /28 block in every subnet.");
    }

    private static CloudException invalidParameter(String operation, String message) {
        return new CloudException(AWS, operation, "InvalidParameter", CloudErrorKind.TERMINAL, message);
    }

    private static CloudException concurrentModification(String operation) {
        return new CloudException(AWS, operation, "ConcurrentModification", CloudErrorKind.RETRYABLE,
                "the resource kept changing under concurrent calls; retry");
    }
}
