package dev.privatelink.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
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

    @Query("""
            select s from DatabaseService s
            where s.organizationId = :organizationId
              and (s.createdAt > :afterCreatedAt or (s.createdAt = :afterCreatedAt and s.id > :afterId))
            order by s.createdAt, s.id""")
    List<DatabaseService> page(UUID organizationId, Instant afterCreatedAt, UUID afterId, Limit limit);
}
