package dev.privatelink.endpointservice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.data.repository.Repository;

/** The platform's endpoint services. */
public interface EndpointServices extends Repository<EndpointService, UUID> {

    EndpointService save(EndpointService service);

    EndpointService saveAndFlush(EndpointService service);

    Optional<EndpointService> findById(UUID id);

    Optional<EndpointService> findByProviderAndCloudResourceId(CloudProvider provider, String cloudResourceId);

    List<EndpointService> findAllByOrderByCreatedAtAscIdAsc();

    List<EndpointService> findByProviderAndStateOrderByCreatedAtAsc(CloudProvider provider, EndpointServiceState state);
}
