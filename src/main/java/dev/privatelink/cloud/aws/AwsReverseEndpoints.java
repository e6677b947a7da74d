package dev.privatelink.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.ResourceShareInvitations;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.kafka.model.DescribeVpcConnectionResponse;
import software.amazon.awssdk.services.kafka.model.ListVpcConnectionsResponse;
import software.amazon.awssdk.services.kafka.model.VpcConnection;
import software.amazon.awssdk.services.kafka.model.VpcConnectionState;
import software.amazon.awssdk.services.ram.model.GetResourceShareInvitationsResponse;

/**
 * Reverse private endpoints on real AWS: VPC endpoints in the platform's VPC (EC2), resource shares
 * accepted over RAM, MSK multi-VPC connections. Everything lives in the default account.
 */
public class AwsReverseEndpoints implements ReverseVpcEndpoints, ResourceShareInvitations, MskVpcConnections {

    /** MSK has no idempotency token; the connection carries ours as a tag, so a retry finds it (and operators can trace it). */
    static final String CLIENT_TOKEN_TAG = "privatelink:client-token";

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
                .securityGroupIds(network.securityGroupIds());
        if ("Resource".equalsIgnoreCase(request.type())) {
            create.vpcEndpointType(VpcEndpointType.RESOURCE).resourceConfigurationArn(request.resourceConfigurationArn());
        } else {
            create.vpcEndpointType(VpcEndpointType.INTERFACE).serviceName(request.serviceName());
            if (request.serviceRegion() != null && !request.serviceRegion().equals(request.region())) {
                create.serviceRegion(request.serviceRegion());
            }
        }
        return call(request.region(), ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT, "CreateVpcEndpoint",
                () -> endpoint(request.region(), clients.ec2(null, request.region()).createVpcEndpoint(create.build()).vpcEndpoint()));
    }

    @Override
    public Optional<VpcEndpoint> describeVpcEndpoint(String region, String vpcEndpointId) {
        try {
            return call(region, ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpoints",
                    () -> clients.ec2(null, region).describeVpcEndpoints(r -> r.vpcEndpointIds(vpcEndpointId))
                            .vpcEndpoints().stream().findFirst().map(e -> endpoint(region, e)));
        } catch (CloudException e) {
            if (e.kind() == CloudErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void deleteVpcEndpoint(String region, String vpcEndpointId) {
        CallSite site = site(region, ApiClass.AWS_EC2_MUTATE, "DeleteVpcEndpoints");
        try {
            deleteVpcEndpoint(site, region, vpcEndpointId);
        } catch (CloudException e) {
            if (e.kind() != CloudErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private void deleteVpcEndpoint(CallSite site, String region, String vpcEndpointId) {
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
    }

    @Override
    public List<ResourceShareInvitation> listResourceShareInvitations(String region) {
        List<ResourceShareInvitation> invitations = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            GetResourceShareInvitationsResponse page = call(region, ApiClass.AWS_RAM, "GetResourceShareInvitations",
                    () -> clients.ram(null, region).getResourceShareInvitations(r -> r.nextToken(token)));
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

    /**
     * MSK's CreateVpcConnection takes no client token, so a retry after a crash would make a second
     * connection: first look for one of ours to the cluster that carries the token as a tag.
     */
    @Override
    public MskVpcConnection createMskVpcConnection(String region, String clusterArn, String clientToken) {
        AwsCloudProperties.ReverseEndpointNetwork network = settings.reverseEndpointNetwork(region);
        Optional<MskVpcConnection> existing = findMskVpcConnection(region, clusterArn, network.vpcId(), clientToken);
        if (existing.isPresent()) {
            return existing.get();
        }
        return call(region, ApiClass.AWS_MSK, "CreateVpcConnection", () -> {
            var created = clients.kafka(null, region).createVpcConnection(r -> r
                    .targetClusterArn(clusterArn)
                    .authentication(network.mskAuthentication())
                    .vpcId(network.vpcId())
                    .clientSubnets(network.subnetIds())
                    .securityGroups(network.securityGroupIds())
                    .tags(Map.of(CLIENT_TOKEN_TAG, clientToken)));
            return new MskVpcConnection(created.vpcConnectionArn(), clusterArn, created.stateAsString());
        });
    }

    /**
     * The platform's own VPC connection to the cluster created with {@code clientToken}, if any.
     * ListVpcConnections lists this account's connections without their tags; only those to the
     * cluster from our VPC that are not going away are described to read the tag.
     */
    private Optional<MskVpcConnection> findMskVpcConnection(String region, String clusterArn, String vpcId, String clientToken) {
        List<String> candidates = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListVpcConnectionsResponse page = call(region, ApiClass.AWS_MSK, "ListVpcConnections",
                    () -> clients.kafka(null, region).listVpcConnections(r -> r.nextToken(token)));
            page.vpcConnections().stream()
                    .filter(c -> clusterArn.equals(c.targetClusterArn()))
                    .filter(c -> vpcId == null || c.vpcId() == null || vpcId.equals(c.vpcId()))
                    .filter(c -> c.state() != VpcConnectionState.DELETING && c.state() != VpcConnectionState.DEACTIVATING)
                    .map(VpcConnection::vpcConnectionArn)
                    .forEach(candidates::add);
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        for (String arn : candidates) {
            DescribeVpcConnectionResponse found;
            try {
                found = call(region, ApiClass.AWS_MSK, "DescribeVpcConnection",
                        () -> clients.kafka(null, region).describeVpcConnection(r -> r.arn(arn)));
            } catch (CloudException e) {
                if (e.kind() == CloudErrorKind.NOT_FOUND) {
                    continue; // deleted since it was listed
                }
                throw e;
            }
            if (clientToken.equals(found.tags().get(CLIENT_TOKEN_TAG))) {
                return Optional.of(new MskVpcConnection(found.vpcConnectionArn(), clusterArn, found.stateAsString()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn) {
        try {
            DescribeVpcConnectionResponse found = call(region, ApiClass.AWS_MSK, "DescribeVpcConnection",
                    () -> clients.kafka(null, region).describeVpcConnection(r -> r.arn(vpcConnectionArn)));
            return Optional.of(new MskVpcConnection(found.vpcConnectionArn(), found.targetClusterArn(), found.stateAsString()));
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

    private static VpcEndpoint endpoint(String region, software.amazon.awssdk.services.ec2.model.VpcEndpoint e) {
        String failure = e.failureReason() != null ? e.failureReason()
                : e.lastError() != null ? e.lastError().code() + ": " + e.lastError().message() : null;
        return new VpcEndpoint(e.vpcEndpointId(), region, e.stateAsString(),
                e.dnsEntries().stream().map(DnsEntry::dnsName).toList(), failure);
    }

    private <T> T call(String region, ApiClass budget, String operation, Supplier<T> call) {
        return guard.call(site(region, budget, operation), call, AwsErrors.INSTANCE);
    }

    private CallSite site(String region, ApiClass budget, String operation) {
        return new CallSite(CloudProvider.AWS, settings.defaultAccount(), region, budget, operation);
    }
}
