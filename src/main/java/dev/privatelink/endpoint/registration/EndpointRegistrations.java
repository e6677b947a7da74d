package dev.privatelink.endpoint.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The organizations' registered private endpoints. */
public interface EndpointRegistrations extends Repository<EndpointRegistration, UUID> {

    EndpointRegistration save(EndpointRegistration endpoint);

    EndpointRegistration saveAndFlush(EndpointRegistration endpoint);

    Optional<EndpointRegistration> findById(UUID id);

    List<EndpointRegistration> findAllByIdIn(java.util.Collection<UUID> ids);

    void delete(EndpointRegistration endpoint);

    @Query("""
            select e from EndpointRegistration e
            where e.organizationId = :organizationId and e.provider = :provider and lower(e.endpointId) = lower(:endpointId)""")
    Optional<EndpointRegistration> findRegistered(UUID organizationId, CloudProvider provider, String endpointId);

    /** The registration, row-locked until the transaction ends: API changes and workflow outcomes apply one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select e from EndpointRegistration e
            where e.organizationId = :organizationId and e.provider = :provider and lower(e.endpointId) = lower(:endpointId)""")
    Optional<EndpointRegistration> lockRegistered(UUID organizationId, CloudProvider provider, String endpointId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from EndpointRegistration e where e.id = :id")
    Optional<EndpointRegistration> lockById(UUID id);

    @Query("""
            select e from EndpointRegistration e
            where e.organizationId = :organizationId and lower(e.endpointId) = lower(:endpointId)
            order by e.createdAt""")
    List<EndpointRegistration> findByEndpointId(UUID organizationId, String endpointId);

    /** Every registration of this endpoint, in any organization (an endpoint id is the cloud's, not the organization's). */
    @Query("""
            select e from EndpointRegistration e
            where e.provider = :provider and lower(e.endpointId) = lower(:endpointId) and e.id <> :excluding""")
    List<EndpointRegistration> findOtherRegistrations(CloudProvider provider, String endpointId, UUID excluding);


    /**
     * A page of an organization's registrations in (createdAt, id) order after the given key, each
     * filter applying when not {@code null} ({@code endpointId} in any case); one more than
     * {@code limit} when more follow.
     */
    @Query(nativeQuery = true, value = """
            select * from private_endpoint
            where organization_id = :organizationId
              and (cast(:provider as text) is null or provider = cast(:provider as text))
              and (cast(:region as text) is null or region = cast(:region as text))
              and (cast(:status as text) is null or status = cast(:status as text))
              and (cast(:endpointId as text) is null or lower(endpoint_id) = lower(cast(:endpointId as text)))
              and (created_at > :afterCreatedAt or (created_at = :afterCreatedAt and id > :afterId))
            order by created_at, id limit :limit""")
    List<EndpointRegistration> page(UUID organizationId, String provider, String region, String status, String endpointId,
                                    Instant afterCreatedAt, UUID afterId, int limit);
}
