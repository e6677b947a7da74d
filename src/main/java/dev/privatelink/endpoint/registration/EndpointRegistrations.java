package dev.privatelink.endpoint.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
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

    /** Every registration in one of these statuses (the reconciliation sweep's round). */
    List<EndpointRegistration> findByStatusIn(java.util.Collection<EndpointStatus> statuses);

    @Query("""
            select e from EndpointRegistration e
            where e.organizationId = :organizationId and e.provider = :provider and lower(e.endpointId) = lower(:endpointId)""")
    Optional<EndpointRegistration> findRegistered(UUID organizationId, CloudProvider provider, String endpointId);

    /**
     * The registration, row-locked until the transaction ends: API changes and workflow outcomes apply one
     * after the other. Plain SQL with the lock Hibernate takes for PESSIMISTIC_WRITE: Hibernate translated
     * the locking JPQL query again at every call, a tenth of a registering request's time.
     */
    default Optional<EndpointRegistration> lockRegistered(UUID organizationId, CloudProvider provider, String endpointId) {
        return lockRegisteredRow(organizationId, provider.wireName(), endpointId);
    }

    @Query(nativeQuery = true, value = """
            select * from private_endpoint
            where organization_id = :organizationId and provider = :provider and lower(endpoint_id) = lower(:endpointId)
            for no key update""")
    Optional<EndpointRegistration> lockRegisteredRow(UUID organizationId, String provider, String endpointId);

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
     * One endpoint, one organization: whether a registration of this endpoint in another organization
     * holds its connection. Decisive only under {@link #lockEndpoint} for the same endpoint.
     */
    default boolean connectionHeldByAnotherOrganization(EndpointRegistration endpoint) {
        return findOtherRegistrations(endpoint.provider(), endpoint.endpointId(), endpoint.id()).stream()
                .anyMatch(other -> !other.organizationId().equals(endpoint.organizationId()) && other.holdsConnection());
    }

    /**
     * Serializes, across organizations, the transactions that let a registration of this cloud
     * endpoint take its connection (a PostgreSQL advisory lock held until the transaction ends): the
     * per-organization unique index cannot, since registrations of one endpoint in two organizations
     * are legitimate rows. Whoever takes it second sees the first one's committed connection.
     */
    default void lockEndpoint(CloudProvider provider, String endpointId) {
        lockEndpointKey(provider.wireName() + ":" + endpointId.toLowerCase(java.util.Locale.ROOT));
    }

    @Query(nativeQuery = true, value = "select count(*) from (select pg_advisory_xact_lock("
            + "hashtextextended('private-endpoint:' || cast(:key as text), 0))) as locked")
    long lockEndpointKey(String key);

    List<EndpointRegistration> findByOrganizationIdOrderByCreatedAtAscIdAsc(UUID organizationId);

    /** An organization's registrations of a scope and status in a provider and region, row-locked, oldest first. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select e from EndpointRegistration e
            where e.organizationId = :organizationId and e.provider = :provider and e.region = :region
              and e.scope = :scope and e.status = :status
            order by e.createdAt, e.id""")
    List<EndpointRegistration> lockInRegion(UUID organizationId, CloudProvider provider, String region, Scope scope,
                                            EndpointStatus status);

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
