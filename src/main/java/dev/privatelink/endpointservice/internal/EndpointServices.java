package dev.privatelink.endpointservice.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceState;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The platform's endpoint services. */
public interface EndpointServices extends Repository<EndpointService, UUID> {

    EndpointService save(EndpointService service);

    EndpointService saveAndFlush(EndpointService service);

    Optional<EndpointService> findById(UUID id);

    /**
     * Reads a service for changing it, holding its row lock until the transaction ends: operator
     * changes and the workflows' state changes then queue instead of failing each other.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from EndpointService s where s.id = :id")
    Optional<EndpointService> lockById(UUID id);

    Optional<EndpointService> findByProviderAndCloudResourceId(CloudProvider provider, String cloudResourceId);

    List<EndpointService> findAllByOrderByCreatedAtAscIdAsc();

    List<EndpointService> findByProviderAndStateOrderByCreatedAtAsc(CloudProvider provider, EndpointServiceState state);
}
