package dev.privatelink.cloud;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which backend serves each provider. A provider with a real adapter enabled in configuration is
 * served by it; every other provider by the sandbox cloud. Exactly one {@link EndpointServiceCloud}
 * bean exists per provider: the adapters' and the sandbox's conditions are exclusive.
 */
@Component
public class CloudBackends {

    private static final Logger log = LoggerFactory.getLogger(CloudBackends.class);

    private final Map<CloudProvider, EndpointServiceCloud> endpointServices = new EnumMap<>(CloudProvider.class);

    public CloudBackends(List<EndpointServiceCloud> clouds) {
        for (EndpointServiceCloud cloud : clouds) {
            EndpointServiceCloud previous = endpointServices.put(cloud.provider(), cloud);
            if (previous != null) {
                throw new IllegalStateException("Two backends serve " + cloud.provider() + ": "
                        + previous.backendName() + " and " + cloud.backendName());
            }
        }
        endpointServices.forEach((provider, cloud) ->
                log.info("Cloud backend for {}: {}", provider, cloud.backendName()));
    }

    /** The backend for a provider; fails loudly if none is configured (a wiring error, not user input). */
    public EndpointServiceCloud endpointServices(CloudProvider provider) {
        EndpointServiceCloud cloud = endpointServices.get(provider);
        if (cloud == null) {
            throw new IllegalStateException("No cloud backend serves " + provider);
        }
        return cloud;
    }
}
