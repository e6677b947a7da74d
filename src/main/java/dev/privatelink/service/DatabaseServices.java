package dev.privatelink.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The customers' database services. */
public interface DatabaseServices extends Repository<DatabaseService, UUID> {

    DatabaseService save(DatabaseService service);

    DatabaseService saveAndFlush(DatabaseService service);

    Optional<DatabaseService> findByIdAndOrganizationId(UUID id, UUID organizationId);

    Optional<DatabaseService> findById(UUID id);

    boolean existsByOrganizationIdAndName(UUID organizationId, String name);

    void delete(DatabaseService service);

    /**
     * The organization's services after the given (createdAt, id), in that order, that carry every tag
     * of {@code tags} (a JSON array of {@code {"key":…}} or {@code {"key":…,"value":…}}; {@code []} for all).
     */
    @Query(nativeQuery = true, value = """
            select * from service
            where organization_id = :organizationId
              and tags @> cast(:tags as jsonb)
              and (created_at > :afterCreatedAt or (created_at = :afterCreatedAt and id > :afterId))
            order by created_at, id limit :limit""")
    List<DatabaseService> page(UUID organizationId, String tags, Instant afterCreatedAt, UUID afterId, int limit);
}
