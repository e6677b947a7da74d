package dev.privatelink.reverseendpoint.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The services' reverse private endpoints. */
public interface ReverseEndpoints extends Repository<ReverseEndpoint, UUID> {

    ReverseEndpoint save(ReverseEndpoint endpoint);

    ReverseEndpoint saveAndFlush(ReverseEndpoint endpoint);

    Optional<ReverseEndpoint> findById(UUID id);

    void delete(ReverseEndpoint endpoint);

    /** The endpoint, row-locked until the transaction ends: API changes and workflow outcomes apply one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from ReverseEndpoint e where e.id = :id")
    Optional<ReverseEndpoint> lockById(UUID id);

    /** A service's endpoints, oldest first, those being deleted included. */
    List<ReverseEndpoint> findByServiceIdOrderByCreatedAtAscIdAsc(UUID serviceId);

    /** A keyset page of a service's endpoints in (createdAt, id) order after the given key. */
    @Query("""
            select e from ReverseEndpoint e
            where e.serviceId = :serviceId
              and (e.createdAt > :afterCreatedAt or (e.createdAt = :afterCreatedAt and e.id > :afterId))
            order by e.createdAt, e.id""")
    List<ReverseEndpoint> page(UUID serviceId, Instant afterCreatedAt, UUID afterId, Limit limit);

    /** The service's endpoint to this target that is not being deleted, if any. */
    @Query("select e from ReverseEndpoint e where e.serviceId = :serviceId and e.targetKey = :targetKey and e.status <> :deleting")
    Optional<ReverseEndpoint> findLive(UUID serviceId, String targetKey, ReverseEndpointStatus deleting);

    /** The endpoints with these ids (those that still exist), in one query. */
    List<ReverseEndpoint> findAllByIdIn(Collection<UUID> ids);

    /** Endpoints in a status that the cloud knows of (they have a cloud id), oldest first. */
    @Query("select e from ReverseEndpoint e where e.status = :status and e.endpointId is not null order by e.createdAt, e.id")
    List<ReverseEndpoint> findCreatedInStatus(ReverseEndpointStatus status);
}
