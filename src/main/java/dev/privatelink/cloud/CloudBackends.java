package dev.privatelink.cloud;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which backend serves each cloud contract for each provider. A provider with a real adapter enabled
 * in configuration is served by it; every other provider by the sandbox cloud. At most one bean of
 * each contract exists per provider: the adapters' and the sandbox's conditions are exclusive, and a
 * second one is a wiring error reported at start-up.
 *
 * <p>Capabilities that only some clouds have (creating endpoint services, cross-region consumers,
 * private DNS name verification) are {@link Optional}: a backend declares one by implementing its
 * contract, and callers skip what the provider does not need.
 */
@Component
public class CloudBackends {

    private static final Logger log = LoggerFactory.getLogger(CloudBackends.class);

    private final Map<CloudProvider, CloudEndpointServices> endpointServices;
    private final Map<CloudProvider, CloudEndpointConnections> connections;
    private final Map<CloudProvider, EndpointServiceCreation> creation;
    private final Map<CloudProvider, CrossRegionConsumers> crossRegion;
    private final Map<CloudProvider, PrivateDnsNameVerification> privateDns;
    private final Map<CloudProvider, DnsRecords> dnsRecords;
    private final Map<CloudProvider, ReverseVpcEndpoints> reverseEndpoints;
    private final Map<CloudProvider, ResourceShareInvitations> resourceShares;
    private final Map<CloudProvider, MskVpcConnections> mskConnections;
    private final Map<CloudProvider, PlatformPrivateDnsRecords> platformPrivateDns;

    public CloudBackends(List<CloudEndpointServices> endpointServices, List<CloudEndpointConnections> connections,
                         List<EndpointServiceCreation> creation, List<CrossRegionConsumers> crossRegion,
                         List<PrivateDnsNameVerification> privateDns, List<DnsRecords> dnsRecords,
                         List<ReverseVpcEndpoints> reverseEndpoints, List<ResourceShareInvitations> resourceShares,
                         List<MskVpcConnections> mskConnections, List<PlatformPrivateDnsRecords> platformPrivateDns) {
        this.endpointServices = byProvider(endpointServices, CloudEndpointServices::provider, "endpoint services");
        this.connections = byProvider(connections, CloudEndpointConnections::provider, "endpoint connections");
        this.creation = byProvider(creation, EndpointServiceCreation::provider, "endpoint service creation");
        this.crossRegion = byProvider(crossRegion, CrossRegionConsumers::provider, "cross-region consumers");
        this.privateDns = byProvider(privateDns, PrivateDnsNameVerification::provider, "private DNS name verification");
        this.dnsRecords = byProvider(dnsRecords, DnsRecords::provider, "DNS records");
        this.reverseEndpoints = byProvider(reverseEndpoints, ReverseVpcEndpoints::provider, "reverse VPC endpoints");
        this.resourceShares = byProvider(resourceShares, ResourceShareInvitations::provider, "resource share invitations");
        this.mskConnections = byProvider(mskConnections, MskVpcConnections::provider, "MSK VPC connections");
        this.platformPrivateDns = byProvider(platformPrivateDns, PlatformPrivateDnsRecords::provider,
                "platform private DNS records");
        this.endpointServices.forEach((provider, cloud) ->
                log.info("Cloud backend for {}: {}", provider, cloud.backendName()));
    }

    /** The provider's endpoint services; fails loudly if none is configured (a wiring error, not user input). */
    public CloudEndpointServices endpointServices(CloudProvider provider) {
        return required(endpointServices, provider, "endpoint services");
    }

    /** Every provider's endpoint-service backend. */
    public Collection<CloudEndpointServices> allEndpointServices() {
        return endpointServices.values();
    }

    /** The connections on the provider's endpoint services. */
    public CloudEndpointConnections connections(CloudProvider provider) {
        return required(connections, provider, "endpoint connections");
    }

    /** Where the backend creates endpoint services itself (the sandbox). */
    public Optional<EndpointServiceCreation> endpointServiceCreation(CloudProvider provider) {
        return Optional.ofNullable(creation.get(provider));
    }

    /** Where consumers from other regions must be let in explicitly (AWS). */
    public Optional<CrossRegionConsumers> crossRegionConsumers(CloudProvider provider) {
        return Optional.ofNullable(crossRegion.get(provider));
    }

    /** Where endpoint services carry a verified private DNS name (AWS). */
    public Optional<PrivateDnsNameVerification> privateDnsNameVerification(CloudProvider provider) {
        return Optional.ofNullable(privateDns.get(provider));
    }

    /** The platform's DNS zones in a provider. */
    public DnsRecords dnsRecords(CloudProvider provider) {
        return required(dnsRecords, provider, "DNS records");
    }

    /** Reverse endpoints into customers' networks, where the provider's backend offers them. */
    public Optional<ReverseVpcEndpoints> reverseVpcEndpoints(CloudProvider provider) {
        return Optional.ofNullable(reverseEndpoints.get(provider));
    }

    /** RAM invitations to the platform's account, where the provider's backend offers them. */
    public Optional<ResourceShareInvitations> resourceShareInvitations(CloudProvider provider) {
        return Optional.ofNullable(resourceShares.get(provider));
    }

    /** MSK multi-VPC connections, where the provider's backend offers them. */
    public Optional<MskVpcConnections> mskVpcConnections(CloudProvider provider) {
        return Optional.ofNullable(mskConnections.get(provider));
    }

    /** The private hosted zones of the platform's VPCs, where reverse endpoints' custom DNS names go. */
    public Optional<PlatformPrivateDnsRecords> platformPrivateDnsRecords(CloudProvider provider) {
        return Optional.ofNullable(platformPrivateDns.get(provider));
    }

    private static <T> Map<CloudProvider, T> byProvider(List<T> beans, Function<T, CloudProvider> provider, String contract) {
        Map<CloudProvider, T> map = new EnumMap<>(CloudProvider.class);
        for (T bean : beans) {
            T previous = map.put(provider.apply(bean), bean);
            if (previous != null) {
                throw new IllegalStateException("Two backends serve " + contract + " for " + provider.apply(bean) + ": "
                        + previous.getClass().getSimpleName() + " and " + bean.getClass().getSimpleName());
            }
        }
        return map;
    }

    private static <T> T required(Map<CloudProvider, T> backends, CloudProvider provider, String contract) {
        T backend = backends.get(provider);
        if (backend == null) {
            throw new IllegalStateException("No cloud backend serves " + contract + " for " + provider);
        }
        return backend;
    }
}
