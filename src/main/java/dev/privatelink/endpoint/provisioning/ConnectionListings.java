package dev.privatelink.endpoint.provisioning;

import java.util.List;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpointservice.EndpointService;
import org.springframework.stereotype.Component;

/**
 * An endpoint service's connections as the cloud lists them now, for a person asking what the cloud
 * sees (the diagnosis). Workflows never list on their own: they park on the service's batch
 * ({@link ServiceConnections}), where one listing serves all of them.
 */
@Component
public class ConnectionListings {

    private final CloudBackends clouds;

    ConnectionListings(CloudBackends clouds) {
        this.clouds = clouds;
    }

    public List<EndpointConnection> currentConnections(EndpointService service) {
        return clouds.connections(service.provider()).listConnections(service.ref());
    }
}
