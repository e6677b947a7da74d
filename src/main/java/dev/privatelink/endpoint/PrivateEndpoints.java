package dev.privatelink.endpoint;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The organizations' registered private endpoints. */
interface PrivateEndpoints extends Repository<PrivateEndpoint, UUID> {

    PrivateEndpoint save(PrivateEndpoint endpoint);

    PrivateEndpoint saveAndFlush(PrivateEndpoint endpoint);

    Optional<PrivateEndpoint> findById(UUID id);

    void delete(PrivateEndpoint endpoint);

    @Query("""
            select e from PrivateEndpoint e
            where e.organizationId = :organizationId and e.provider = :provider and lower(e.endpointId) = lower(:endpointId)""")
    Optional<PrivateEndpoint> findRegistered(UUID organizationId, CloudProvider provider, String endpointId);

    /** The registration, row-locked until the transaction ends: API changes and workflow outcomes apply one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select e from PrivateEndpoint e
            where e.organizationId = :organizationId and e.provider = :provider and lower(e.endpointId) = lower(:endpointId)""")
    Optional<PrivateEndpoint> lockRegistered(UUID organizationId, CloudProvider provider, String endpointId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from PrivateEndpoint e where e.id = :id")
    Optional<PrivateEndpoint> lockById(UUID id);

    @Query("""
            select e from PrivateEndpoint e
            where e.organizationId = :organizationId and lower(e.endpointId) = lower(:endpointId)
            order by e.createdAt""")
    List<PrivateEndpoint> findByEndpointId(UUID organizationId, String endpointId);

    /** Every registration of this endpoint, in any organization (an endpoint id is the cloud's, not the organization's). */
    @Query("""
            select e from PrivateEndpoint e
            where e.provider = :provider and lower(e.endpointId) = lower(:endpointId) and e.id <> :excluding""")
    List<PrivateEndpoint> findOtherRegistrations(CloudProvider provider, String endpointId, UUID excluding);

    List<PrivateEndpoint> findByOrganizationIdOrderByCreatedAtAscIdAsc(UUID organizationId);
}
