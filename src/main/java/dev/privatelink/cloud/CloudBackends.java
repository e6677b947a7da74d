package dev.privatelink.cloud;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which backend serves each provider. A provider with a real adapter enabled in configuration is
 * served by it; every other provider by the sandbox cloud. At most one bean of each port exists per
 * provider: the adapters' and the sandbox's conditions are exclusive, and a second one is a wiring
 * error reported at start-up.
 */
@Component
public class CloudBackends {

    private static final Logger log = LoggerFactory.getLogger(CloudBackends.class);

    private final Map<CloudProvider, EndpointServiceCloud> endpointServices;
    private final Map<CloudProvider, DnsRecords> dnsRecords;
    private final Map<CloudProvider, ReverseEndpointCloud> reverseEndpoints;

    public CloudBackends(List<EndpointServiceCloud> endpointServices, List<DnsRecords> dnsRecords,
                         List<ReverseEndpointCloud> reverseEndpoints) {
        this.endpointServices = byProvider(endpointServices, EndpointServiceCloud::provider, "endpoint services");
        this.dnsRecords = byProvider(dnsRecords, DnsRecords::provider, "DNS records");
        this.reverseEndpoints = byProvider(reverseEndpoints, ReverseEndpointCloud::provider, "reverse endpoints");
        this.endpointServices.forEach((provider, cloud) ->
                log.info("Cloud backend for {}: {}", provider, cloud.backendName()));
    }

    /** The backend for a provider; fails loudly if none is configured (a wiring error, not user input). */
    public EndpointServiceCloud endpointServices(CloudProvider provider) {
        return required(endpointServices, provider, "endpoint services");
    }

    /** Every provider's endpoint-service backend. */
    public java.util.Collection<EndpointServiceCloud> allEndpointServices() {
        return endpointServices.values();
    }

    /** The platform's DNS zones in a provider. */
    public DnsRecords dnsRecords(CloudProvider provider) {
        return required(dnsRecords, provider, "DNS records");
    }

    /** Reverse endpoints into customers' networks, where the provider's backend offers them. */
    public Optional<ReverseEndpointCloud> reverseEndpoints(CloudProvider provider) {
        return Optional.ofNullable(reverseEndpoints.get(provider));
    }

    private static <T> Map<CloudProvider, T> byProvider(List<T> beans, Function<T, CloudProvider> provider, String port) {
        Map<CloudProvider, T> map = new EnumMap<>(CloudProvider.class);
        for (T bean : beans) {
            T previous = map.put(provider.apply(bean), bean);
            if (previous != null) {
                throw new IllegalStateException("Two backends serve " + port + " for " + provider.apply(bean) + ": "
                        + previous.getClass().getSimpleName() + " and " + bean.getClass().getSimpleName());
            }
        }
        return map;
    }

    private static <T> T required(Map<CloudProvider, T> backends, CloudProvider provider, String port) {
        T backend = backends.get(provider);
        if (backend == null) {
            throw new IllegalStateException("No cloud backend serves " + port + " for " + provider);
        }
        return backend;
    }
}
