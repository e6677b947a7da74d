package dev.privatelink.organization;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** All organizations. */
public interface Organizations extends Repository<Organization, UUID> {

    Organization save(Organization organization);

    Optional<Organization> findById(UUID id);

    long count();

    Optional<Organization> findFirstByNameOrderByCreatedAt(String name);

    @Query("""
            select o from Organization o
            where o.createdAt > :afterCreatedAt
               or (o.createdAt = :afterCreatedAt and o.id > :afterId)
            order by o.createdAt, o.id""")
    List<Organization> page(Instant afterCreatedAt, UUID afterId, Limit limit);
}
