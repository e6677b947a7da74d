package dev.privatelink.cloud.aws;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.CrossRegionConsumers;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.PrivateDnsNameVerification;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.PrivateDnsNameConfiguration;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.SupportedRegionDetail;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;

/**
 * The platform's VPC endpoint services and their connections on real AWS (EC2 API), with AWS's own
 * capabilities: cross-region consumers and verified private DNS names. Endpoint services are not
 * created here (they need a network load balancer): operators register existing ones.
 */
public class AwsEndpointServices implements CloudEndpointServices, CloudEndpointConnections, CrossRegionConsumers,
        PrivateDnsNameVerification {

    /** EC2 allows up to 1,000 connections per DescribeVpcEndpointConnections page. */
    static final int PAGE_SIZE = 1000;

    /**
     * Endpoint ids per AcceptVpcEndpointConnections call. The API reference documents no maximum for
     * {@code VpcEndpointId.N}; 50 keeps each request small and still lets one call accept a burst.
     */
    static final int ACCEPT_CHUNK = 50;

    private final AwsClients clients;
    private final CloudCallGuard guard;
    private final AwsCloudProperties settings;

    public AwsEndpointServices(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        this.clients = clients;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    public String backendName() {
        return "aws-sdk";
    }

    @Override
    public List<EndpointServiceRef> configuredEndpointServices() {
        return settings.regions().entrySet().stream()
                .flatMap(region -> region.getValue().endpointServiceIds().stream().map(id ->
                        new EndpointServiceRef(CloudProvider.AWS, settings.accountOrDefault(null), region.getKey(), id)))
                .toList();
    }

    @Override
    public EndpointServiceDescription describeEndpointService(EndpointServiceRef ref) {
        ServiceConfiguration service = describe(ref);
        Set<String> regions = new LinkedHashSet<>();
        service.supportedRegions().stream().map(SupportedRegionDetail::region).forEach(regions::add);
        PrivateDnsNameConfiguration dns = service.privateDnsNameConfiguration();
        return new EndpointServiceDescription(ref, service.serviceName(), service.serviceStateAsString(),
                "Available".equalsIgnoreCase(service.serviceStateAsString()), Set.copyOf(regions),
                service.privateDnsName(), dns == null ? null : dns.stateAsString());
    }


    @Override
    public List<EndpointConnection> listConnections(EndpointServiceRef ref) {
        List<EndpointConnection> connections = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            DescribeVpcEndpointConnectionsResponse page = ec2(ref, ApiClass.AWS_EC2_DESCRIBE,
                    "DescribeVpcEndpointConnections", ec2 -> ec2.describeVpcEndpointConnections(r -> r
                            .filters(Filter.builder().name("service-id").values(ref.cloudResourceId()).build())
                            .maxResults(PAGE_SIZE)
                            .nextToken(token)));
            page.vpcEndpointConnections().stream().map(AwsEndpointServices::connection).forEach(connections::add);
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return connections;
    }

    @Override
    public void acceptConnection(EndpointServiceRef ref, EndpointConnection connection) {
        if (connection.state() == ConnectionState.PENDING || connection.state() == ConnectionState.AVAILABLE) {
            return; // accepted already: nothing to spend a call on
        }
        decide(ref, connection, "AcceptVpcEndpointConnections",
                EnumSet.of(ConnectionState.PENDING, ConnectionState.AVAILABLE), false,
                ec2 -> ec2.acceptVpcEndpointConnections(r -> r
                        .serviceId(ref.cloudResourceId()).vpcEndpointIds(connection.endpointId())).unsuccessful());
    }

    /**
     * One AcceptVpcEndpointConnections per chunk of {@value #ACCEPT_CHUNK} endpoint ids: EC2's accept
     * bucket refills at 1 call/s, so accepting one connection per call caps a service at ~1 accept/s.
     * Items EC2 lists as {@code unsuccessful} fail only their own connection; an {@code InvalidState}
     * item whose connection is now accepted (another replica was first) counts as accepted. Per-item
     * transient errors are not retried here (a retry would resend the whole chunk): the caller's
     * workflow retries that connection.
     */
    @Override
    public Map<EndpointConnection, CloudException> acceptConnections(EndpointServiceRef ref,
                                                                     List<EndpointConnection> connections) {
        List<EndpointConnection> pending = connections.stream()
                .filter(c -> c.state() != ConnectionState.PENDING && c.state() != ConnectionState.AVAILABLE)
                .toList();
        Map<EndpointConnection, CloudException> failures = new LinkedHashMap<>();
        for (int from = 0; from < pending.size(); from += ACCEPT_CHUNK) {
            List<EndpointConnection> chunk = pending.subList(from, Math.min(from + ACCEPT_CHUNK, pending.size()));
            try {
                failures.putAll(acceptChunk(ref, chunk));
            } catch (CloudException e) {
                chunk.forEach(c -> failures.put(c, e));
            }
        }
        return failures;
    }

    /**
     * Rejects the connection. One that is closed ({@link ConnectionState#isClosed}: rejected, being deleted,
     * deleted...) by the time EC2 gets the call (its owner deleted the endpoint after we listed it: EC2 answers the item {@code InvalidState},
     * or {@code InvalidVpcEndpointId.NotFound} once it is gone) can reach nothing any more, which is
     * what a reject is for: done, not a failure.
     */
    @Override
    public void rejectConnection(EndpointServiceRef ref, EndpointConnection connection, String reason) {
        if (connection.state() == ConnectionState.REJECTED) {
            return;
        }
        // EC2 has no room for a reason: it stays in our own records
        decide(ref, connection, "RejectVpcEndpointConnections",
                EnumSet.copyOf(Stream.of(ConnectionState.values()).filter(ConnectionState::isClosed).toList()), true,
                ec2 -> ec2.rejectVpcEndpointConnections(r -> r
                        .serviceId(ref.cloudResourceId()).vpcEndpointIds(connection.endpointId())).unsuccessful());
    }

    /**
     * One ModifyVpcEndpointServiceConfiguration with every missing region as {@code AddSupportedRegion.N}.
     * EC2 refuses such a request as a whole when one region cannot be added (e.g. an opt-in region the
     * account has not enabled): the regions are then added one request each, so that the others are
     * still offered and the refused ones are named.
     */
    @Override
    public Map<String, CloudException> allowConsumerRegions(EndpointServiceRef ref, Set<String> consumerRegions) {
        Set<String> missing = new TreeSet<>(consumerRegions);
        missing.remove(ref.region());
        missing.removeAll(describeEndpointService(ref).supportedRegions());
        if (missing.isEmpty()) {
            return Map.of();
        }
        return CrossRegionConsumers.addAllOrEach(missing, regions -> addSupportedRegions(ref, regions));
    }

    private void addSupportedRegions(EndpointServiceRef ref, Set<String> regions) {
        ec2(ref, ApiClass.AWS_EC2_MUTATE, "ModifyVpcEndpointServiceConfiguration",
                ec2 -> ec2.modifyVpcEndpointServiceConfiguration(r -> r
                        .serviceId(ref.cloudResourceId()).addSupportedRegions(regions)));
    }

    @Override
    public DomainVerification setPrivateDnsName(EndpointServiceRef ref, String privateDnsName) {
        ec2(ref, ApiClass.AWS_EC2_MUTATE, "ModifyVpcEndpointServiceConfiguration",
                ec2 -> ec2.modifyVpcEndpointServiceConfiguration(r -> r
                        .serviceId(ref.cloudResourceId()).privateDnsName(privateDnsName)));
        PrivateDnsNameConfiguration dns = describe(ref).privateDnsNameConfiguration();
        if (dns == null || dns.name() == null || dns.value() == null) {
            throw new CloudException(CloudProvider.AWS, "ModifyVpcEndpointServiceConfiguration", "NoVerificationRecord",
                    CloudErrorKind.RETRYABLE, "AWS has not yet published the domain verification record for "
                    + privateDnsName + " on " + ref.cloudResourceId());
        }
        return new DomainVerification(verificationRecordName(dns.name(), privateDnsName), dns.value());
    }

    @Override
    public void startPrivateDnsVerification(EndpointServiceRef ref) {
        ec2(ref, ApiClass.AWS_EC2_MUTATE, "StartVpcEndpointServicePrivateDnsVerification",
                ec2 -> ec2.startVpcEndpointServicePrivateDnsVerification(r -> r.serviceId(ref.cloudResourceId())));
    }

    /**
     * AWS gives the TXT record's leading label ({@code _1a2b3c}); it lives under the private DNS name's
     * domain (a wildcard's {@code *.} is not part of it).
     */
    static String verificationRecordName(String name, String privateDnsName) {
        if (name.contains(".")) {
            return name;
        }
        String domain = privateDnsName.startsWith("*.") ? privateDnsName.substring(2) : privateDnsName;
        return name + "." + domain;
    }


    private static EndpointConnection connection(VpcEndpointConnection c) {
        return new EndpointConnection(c.vpcEndpointId(), null, null, c.vpcEndpointStateAsString(),
                ConnectionState.ofAws(c.vpcEndpointStateAsString()), c.vpcEndpointRegion(), c.vpcEndpointOwner(),
                c.creationTimestamp());
    }

    private ServiceConfiguration describe(EndpointServiceRef ref) {
        List<ServiceConfiguration> found = ec2(ref, ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointServiceConfigurations",
                ec2 -> ec2.describeVpcEndpointServiceConfigurations(r -> r.serviceIds(ref.cloudResourceId())))
                .serviceConfigurations();
        if (found.isEmpty()) {
            throw new CloudException(CloudProvider.AWS, "DescribeVpcEndpointServiceConfigurations",
                    "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND,
                    "No VPC endpoint service " + ref.cloudResourceId() + " in " + ref.region());
        }
        return found.getFirst();
    }

    /**
     * Accept and reject answer 200 with per-endpoint {@code unsuccessful} items instead of throwing.
     * An {@code InvalidState} item may mean another replica decided first: when the connection now
     * is where we wanted it, that is success.
     */
    /**
     * @param goal       states in which the connection is as the call wants it (an {@code InvalidState} item then is success)
     * @param goneIsGoal whether a connection the cloud no longer has is as the call wants it too
     */
    private void decide(EndpointServiceRef ref, EndpointConnection connection, String operation,
                        Set<ConnectionState> goal, boolean goneIsGoal, Function<Ec2Client, List<UnsuccessfulItem>> call) {
        ApiClass budget = ApiClass.AWS_EC2_ACCEPT_REJECT;
        CallSite site = site(ref, budget, operation);
        CloudException failure = ec2(ref, budget, operation, ec2 -> {
            List<UnsuccessfulItem> unsuccessful = call.apply(ec2);
            if (unsuccessful.isEmpty()) {
                return null;
            }
            UnsuccessfulItem item = unsuccessful.getFirst();
            CloudException classified = AwsErrors.INSTANCE.classifyItem(site, item.resourceId(),
                    item.error() == null ? "Unknown" : item.error().code(),
                    item.error() == null ? "" : item.error().message());
            if (classified.kind() == CloudErrorKind.RETRYABLE || classified.kind() == CloudErrorKind.THROTTLED) {
                throw classified; // the guard retries these
            }
            return classified;
        });
        if (failure == null) {
            return;
        }
        if (goneIsGoal && failure.kind() == CloudErrorKind.NOT_FOUND) {
            return;
        }
        if ("InvalidState".equals(failure.code())) {
            Optional<ConnectionState> now = currentState(ref, connection.endpointId());
            if (now.map(goal::contains).orElse(goneIsGoal)) {
                return;
            }
        }
        throw failure;
    }

    private Map<EndpointConnection, CloudException> acceptChunk(EndpointServiceRef ref, List<EndpointConnection> chunk) {
        String operation = "AcceptVpcEndpointConnections";
        CallSite site = site(ref, ApiClass.AWS_EC2_ACCEPT_REJECT, operation);
        List<String> ids = chunk.stream().map(EndpointConnection::endpointId).distinct().toList();
        List<UnsuccessfulItem> unsuccessful = ec2(ref, ApiClass.AWS_EC2_ACCEPT_REJECT, operation,
                ec2 -> ec2.acceptVpcEndpointConnections(r -> r.serviceId(ref.cloudResourceId()).vpcEndpointIds(ids))
                        .unsuccessful());
        Map<String, CloudException> byId = new HashMap<>();
        CloudException unattributed = null;
        for (UnsuccessfulItem item : unsuccessful) {
            CloudException classified = AwsErrors.INSTANCE.classifyItem(site, item.resourceId(),
                    item.error() == null ? "Unknown" : item.error().code(),
                    item.error() == null ? "" : item.error().message());
            if (item.resourceId() == null) {
                unattributed = classified; // EC2 did not say which: none of the chunk can count as accepted
            } else {
                byId.put(item.resourceId().toLowerCase(Locale.ROOT), classified);
            }
        }
        List<String> invalidState = byId.entrySet().stream()
                .filter(e -> "InvalidState".equals(e.getValue().code())).map(Map.Entry::getKey).toList();
        if (!invalidState.isEmpty()) {
            try {
                currentStates(ref, invalidState).forEach((id, state) -> {
                    if (state == ConnectionState.PENDING || state == ConnectionState.AVAILABLE) {
                        byId.remove(id);
                    }
                });
            } catch (CloudException e) {
                invalidState.forEach(id -> byId.put(id, e));
            }
        }
        Map<EndpointConnection, CloudException> failures = new LinkedHashMap<>();
        for (EndpointConnection connection : chunk) {
            CloudException failure = byId.getOrDefault(connection.endpointId().toLowerCase(Locale.ROOT), unattributed);
            if (failure != null) {
                failures.put(connection, failure);
            }
        }
        return failures;
    }

    /** The states of some connections of the service, by lower-cased endpoint id (one Describe call). */
    private Map<String, ConnectionState> currentStates(EndpointServiceRef ref, List<String> endpointIds) {
        Map<String, ConnectionState> states = new HashMap<>();
        ec2(ref, ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointConnections",
                ec2 -> ec2.describeVpcEndpointConnections(r -> r.filters(
                        Filter.builder().name("service-id").values(ref.cloudResourceId()).build(),
                        Filter.builder().name("vpc-endpoint-id").values(endpointIds).build())))
                .vpcEndpointConnections()
                .forEach(c -> states.put(c.vpcEndpointId().toLowerCase(Locale.ROOT), ConnectionState.ofAws(c.vpcEndpointStateAsString())));
        return states;
    }

    private Optional<ConnectionState> currentState(EndpointServiceRef ref, String endpointId) {
        return ec2(ref, ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointConnections",
                ec2 -> ec2.describeVpcEndpointConnections(r -> r.filters(
                        Filter.builder().name("service-id").values(ref.cloudResourceId()).build(),
                        Filter.builder().name("vpc-endpoint-id").values(endpointId).build())))
                .vpcEndpointConnections().stream()
                .findFirst()
                .map(c -> ConnectionState.ofAws(c.vpcEndpointStateAsString()));
    }

    private <T> T ec2(EndpointServiceRef ref, ApiClass budget, String operation, Function<Ec2Client, T> call) {
        Ec2Client ec2 = clients.ec2(ref.account(), ref.region());
        return guard.call(site(ref, budget, operation), () -> call.apply(ec2), AwsErrors.INSTANCE);
    }

    private CallSite site(EndpointServiceRef ref, ApiClass budget, String operation) {
        return new CallSite(CloudProvider.AWS, settings.accountOrDefault(ref.account()), ref.region(), budget, operation);
    }
}
