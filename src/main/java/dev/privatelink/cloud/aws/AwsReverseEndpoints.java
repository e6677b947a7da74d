package dev.privatelink.cloud.aws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.ResourceShareInvitations;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ServiceDetail;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.kafka.model.DescribeVpcConnectionResponse;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersResponse;
import software.amazon.awssdk.services.kafka.model.ListVpcConnectionsResponse;
import software.amazon.awssdk.services.kafka.model.VpcConnection;
import software.amazon.awssdk.services.kafka.model.VpcConnectionState;
import software.amazon.awssdk.services.ram.model.GetResourceShareInvitationsResponse;
import software.amazon.awssdk.services.ram.model.ListResourcesResponse;
import software.amazon.awssdk.services.ram.model.ResourceOwner;

/**
 * Reverse private endpoints on real AWS: VPC endpoints in the platform's VPC (EC2), resource shares
 * accepted over RAM, MSK multi-VPC connections. Everything lives in the default account. AWS's
 * endpoint and connection states are normalised by {@link ConnectionState}, nowhere else.
 */
public class AwsReverseEndpoints implements ReverseVpcEndpoints, ResourceShareInvitations, MskVpcConnections {

    /** Our idempotency token as a tag on what we create, so that a retry after a lost answer finds it. */
    static final String CLIENT_TOKEN_TAG = "privatelink:client-token";

    /**
     * Endpoint ids per DescribeVpcEndpoints call (values of one filter). EC2 documents no maximum for
     * this filter; 200 is the limit several EC2 describe calls state for filter values.
     */
    static final int DESCRIBE_CHUNK = 200;

    /** Names AWS generates for endpoints; any other DNS entry is a private DNS name (the service's own). */
    private static final List<String> GENERATED_DNS_SUFFIXES = List.of(".vpce.amazonaws.com", ".on.aws");

    private final AwsClients clients;
    private final CloudCallGuard guard;
    private final AwsCloudProperties settings;

    public AwsReverseEndpoints(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        this.clients = clients;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    // ---- EC2: VPC endpoints

    @Override
    public EndpointServiceOffer describeEndpointServiceOffer(String region, String serviceName, String serviceRegion) {
        List<ServiceDetail> details = call(region, ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointServices",
                () -> clients.ec2(null, region).describeVpcEndpointServices(r -> {
                    r.serviceNames(serviceName);
                    if (serviceRegion != null && !serviceRegion.equals(region)) {
                        r.serviceRegions(serviceRegion);
                    }
                }).serviceDetails());
        return details.stream()
                .filter(d -> serviceName.equalsIgnoreCase(d.serviceName()))
                .findFirst()
                .map(d -> new EndpointServiceOffer(d.serviceName(), d.serviceRegion() == null ? region : d.serviceRegion(),
                        d.privateDnsName(), Boolean.TRUE.equals(d.acceptanceRequired())))
                .orElseThrow(() -> new CloudException(CloudProvider.AWS, "DescribeVpcEndpointServices", SERVICE_NOT_VISIBLE,
                        CloudErrorKind.TERMINAL, "The Vpc Endpoint Service '" + serviceName + "' does not exist"));
    }

    @Override
    public VpcEndpoint createVpcEndpoint(VpcEndpointRequest request) {
        if (request.clientToken() == null || request.clientToken().isBlank()) {
            throw new IllegalArgumentException("A VPC endpoint is created only with a client token derived from our id");
        }
        AwsCloudProperties.ReverseEndpointNetwork network = settings.reverseEndpointNetwork(request.region());
        CreateVpcEndpointRequest.Builder create = CreateVpcEndpointRequest.builder()
                .clientToken(request.clientToken())
                .vpcId(network.vpcId())
                .subnetIds(network.subnetIds())
                .securityGroupIds(network.securityGroupIds())
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VPC_ENDPOINT)
                        .tags(Tag.builder().key(CLIENT_TOKEN_TAG).value(request.clientToken()).build()).build());
        if (request.type() == EndpointType.RESOURCE) {
            create.vpcEndpointType(VpcEndpointType.RESOURCE).resourceConfigurationArn(request.resourceConfigurationArn());
        } else {
            create.vpcEndpointType(VpcEndpointType.INTERFACE).serviceName(request.serviceName())
                    .privateDnsEnabled(request.privateDnsEnabled());
            if (request.serviceRegion() != null && !request.serviceRegion().equals(request.region())) {
                create.serviceRegion(request.serviceRegion());
            }
        }
        return call(request.region(), ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT, "CreateVpcEndpoint",
                () -> endpoint(request.region(), clients.ec2(null, request.region()).createVpcEndpoint(create.build()).vpcEndpoint()));
    }

    @Override
    public Optional<VpcEndpoint> findVpcEndpoint(String region, String clientToken) {
        return describe(region, "DescribeVpcEndpoints", Filter.builder().name("tag:" + CLIENT_TOKEN_TAG).values(clientToken).build())
                .stream().filter(e -> e.state() != ConnectionState.DELETED).findFirst();
    }

    @Override
    public List<VpcEndpoint> describeVpcEndpoints(String region, Collection<String> vpcEndpointIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(vpcEndpointIds));
        List<VpcEndpoint> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DESCRIBE_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DESCRIBE_CHUNK));
            found.addAll(describe(region, "DescribeVpcEndpoints", Filter.builder().name("vpc-endpoint-id").values(chunk).build()));
        }
        return found;
    }

    private List<VpcEndpoint> describe(String region, String operation, Filter filter) {
        List<VpcEndpoint> found = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            DescribeVpcEndpointsResponse page = call(region, ApiClass.AWS_EC2_DESCRIBE, operation,
                    () -> clients.ec2(null, region).describeVpcEndpoints(r -> r.filters(filter).nextToken(token)));
            page.vpcEndpoints().forEach(e -> found.add(endpoint(region, e)));
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return found;
    }

    @Override
    public void deleteVpcEndpoint(String region, String vpcEndpointId) {
        CallSite site = site(region, ApiClass.AWS_EC2_MUTATE, "DeleteVpcEndpoints");
        try {
            guard.run(site, () -> {
                List<UnsuccessfulItem> unsuccessful = clients.ec2(null, region)
                        .deleteVpcEndpoints(r -> r.vpcEndpointIds(vpcEndpointId)).unsuccessful();
                for (UnsuccessfulItem item : unsuccessful) {
                    String code = item.error() == null ? "Unknown" : item.error().code();
                    CloudException failure = AwsErrors.INSTANCE.classifyItem(site, item.resourceId(), code,
                            item.error() == null ? "" : item.error().message());
                    if (failure.kind() != CloudErrorKind.NOT_FOUND) {
                        throw failure; // gone already is what we wanted
                    }
                }
            }, AwsErrors.INSTANCE);
        } catch (CloudException e) {
            if (e.kind() != CloudErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static VpcEndpoint endpoint(String region, software.amazon.awssdk.services.ec2.model.VpcEndpoint e) {
        String failure = e.failureReason() != null ? e.failureReason()
                : e.lastError() != null ? e.lastError().code() + ": " + e.lastError().message() : null;
        List<String> names = e.dnsEntries().stream().map(DnsEntry::dnsName).toList();
        List<String> generated = names.stream().filter(AwsReverseEndpoints::isGenerated).toList();
        List<String> privateNames = names.stream().filter(n -> !isGenerated(n)).toList();
        String state = e.stateAsString();
        return new VpcEndpoint(e.vpcEndpointId(), region, state, ConnectionState.ofAws(state), generated, privateNames, failure);
    }

    private static boolean isGenerated(String dnsName) {
        String name = dnsName.toLowerCase(Locale.ROOT);
        return GENERATED_DNS_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    // ---- RAM: resource shares

    @Override
    public List<ResourceShareInvitation> listResourceShareInvitations(String region) {
        return invitations(region, null);
    }

    @Override
    public List<ResourceShareInvitation> invitationsForShare(String region, String resourceShareArn) {
        return invitations(region, resourceShareArn);
    }

    private List<ResourceShareInvitation> invitations(String region, String resourceShareArn) {
        List<ResourceShareInvitation> invitations = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            GetResourceShareInvitationsResponse page = call(region, ApiClass.AWS_RAM, "GetResourceShareInvitations",
                    () -> clients.ram(null, region).getResourceShareInvitations(r -> {
                        r.nextToken(token);
                        if (resourceShareArn != null) {
                            r.resourceShareArns(resourceShareArn);
                        }
                    }));
            page.resourceShareInvitations().forEach(i -> invitations.add(new ResourceShareInvitation(
                    i.resourceShareInvitationArn(), i.resourceShareArn(), i.senderAccountId(), i.statusAsString())));
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return invitations;
    }

    @Override
    public void acceptResourceShareInvitation(String region, String invitationArn) {
        try {
            call(region, ApiClass.AWS_RAM, "AcceptResourceShareInvitation",
                    () -> clients.ram(null, region).acceptResourceShareInvitation(r -> r.resourceShareInvitationArn(invitationArn)));
        } catch (CloudException e) {
            if (!"ResourceShareInvitationAlreadyAcceptedException".equals(e.code())) {
                throw e;
            }
        }
    }

    @Override
    public List<String> sharedResourceArns(String region, String resourceShareArn) {
        List<String> arns = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListResourcesResponse page = call(region, ApiClass.AWS_RAM, "ListResources",
                    () -> clients.ram(null, region).listResources(r -> r.resourceOwner(ResourceOwner.OTHER_ACCOUNTS)
                            .resourceShareArns(resourceShareArn).nextToken(token)));
            page.resources().forEach(resource -> arns.add(resource.arn()));
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return arns;
    }

    // ---- MSK: multi-VPC connections

    @Override
    public MskVpcConnection createMskVpcConnection(String region, String clusterArn, String authentication, String clientToken) {
        Optional<MskVpcConnection> existing = findMskVpcConnection(region, clusterArn, clientToken);
        if (existing.isPresent()) {
            return existing.get();
        }
        AwsCloudProperties.ReverseEndpointNetwork network = settings.reverseEndpointNetwork(region);
        return call(region, ApiClass.AWS_MSK, "CreateVpcConnection", () -> {
            var created = clients.kafka(null, region).createVpcConnection(r -> r
                    .targetClusterArn(clusterArn)
                    .authentication(authentication)
                    .vpcId(network.vpcId())
                    .clientSubnets(network.subnetIds())
                    .securityGroups(network.securityGroupIds())
                    .tags(Map.of(CLIENT_TOKEN_TAG, clientToken)));
            return msk(created.vpcConnectionArn(), clusterArn, created.stateAsString());
        });
    }

    /**
     * ListVpcConnections lists this account's connections without their tags; only those to the
     * cluster from our VPC that are not going away are described to read the tag.
     */
    @Override
    public Optional<MskVpcConnection> findMskVpcConnection(String region, String clusterArn, String clientToken) {
        String vpcId = settings.reverseEndpointNetwork(region).vpcId();
        List<VpcConnection> candidates = listVpcConnections(region).stream()
                .filter(c -> clusterArn.equals(c.targetClusterArn()))
                .filter(c -> vpcId == null || c.vpcId() == null || vpcId.equals(c.vpcId()))
                .filter(c -> c.state() != VpcConnectionState.DELETING && c.state() != VpcConnectionState.DEACTIVATING)
                .toList();
        for (VpcConnection candidate : candidates) {
            DescribeVpcConnectionResponse found;
            try {
                found = call(region, ApiClass.AWS_MSK, "DescribeVpcConnection",
                        () -> clients.kafka(null, region).describeVpcConnection(r -> r.arn(candidate.vpcConnectionArn())));
            } catch (CloudException e) {
                if (e.kind() == CloudErrorKind.NOT_FOUND) {
                    continue; // deleted since it was listed
                }
                throw e;
            }
            if (clientToken.equals(found.tags().get(CLIENT_TOKEN_TAG))) {
                return Optional.of(msk(found.vpcConnectionArn(), clusterArn, found.stateAsString()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<MskVpcConnection> listMskVpcConnections(String region) {
        return listVpcConnections(region).stream()
                .map(c -> msk(c.vpcConnectionArn(), c.targetClusterArn(), c.stateAsString()))
                .toList();
    }

    private List<VpcConnection> listVpcConnections(String region) {
        List<VpcConnection> connections = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListVpcConnectionsResponse page = call(region, ApiClass.AWS_MSK, "ListVpcConnections",
                    () -> clients.kafka(null, region).listVpcConnections(r -> r.nextToken(token)));
            connections.addAll(page.vpcConnections());
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return connections;
    }

    @Override
    public Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn) {
        try {
            DescribeVpcConnectionResponse found = call(region, ApiClass.AWS_MSK, "DescribeVpcConnection",
                    () -> clients.kafka(null, region).describeVpcConnection(r -> r.arn(vpcConnectionArn)));
            return Optional.of(msk(found.vpcConnectionArn(), found.targetClusterArn(), found.stateAsString()));
        } catch (CloudException e) {
            if (e.kind() == CloudErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void deleteMskVpcConnection(String region, String vpcConnectionArn) {
        try {
            call(region, ApiClass.AWS_MSK, "DeleteVpcConnection",
                    () -> clients.kafka(null, region).deleteVpcConnection(r -> r.arn(vpcConnectionArn)));
        } catch (CloudException e) {
            if (e.kind() != CloudErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public List<String> brokerDnsNames(String region, String clusterArn, String authentication) {
        GetBootstrapBrokersResponse brokers = call(region, ApiClass.AWS_MSK, "GetBootstrapBrokers",
                () -> clients.kafka(null, region).getBootstrapBrokers(r -> r.clusterArn(clusterArn)));
        String bootstrap = switch (authentication) {
            case "SASL_SCRAM" -> brokers.bootstrapBrokerStringVpcConnectivitySaslScram();
            case "TLS" -> brokers.bootstrapBrokerStringVpcConnectivityTls();
            default -> brokers.bootstrapBrokerStringVpcConnectivitySaslIam();
        };
        return hosts(bootstrap);
    }

    /** {@code b-1.x.kafka.us-east-1.amazonaws.com:14001,b-2…:14002} → the host names, in the order given. */
    static List<String> hosts(String bootstrapBrokers) {
        if (bootstrapBrokers == null || bootstrapBrokers.isBlank()) {
            return List.of();
        }
        return Arrays.stream(bootstrapBrokers.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.lastIndexOf(':') > 0 ? s.substring(0, s.lastIndexOf(':')) : s)
                .distinct()
                .toList();
    }

    private static MskVpcConnection msk(String arn, String clusterArn, String state) {
        return new MskVpcConnection(arn, clusterArn, state, ConnectionState.ofMsk(state));
    }

    private <T> T call(String region, ApiClass budget, String operation, Supplier<T> call) {
        return guard.call(site(region, budget, operation), call, AwsErrors.INSTANCE);
    }

    private CallSite site(String region, ApiClass budget, String operation) {
        return new CallSite(CloudProvider.AWS, settings.defaultAccount(), region, budget, operation);
    }
}
