package dev.privatelink.apikey.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.security.Role;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/** All API keys. */
public interface ApiKeys extends Repository<ApiKey, String> {

    ApiKey save(ApiKey key);

    Optional<ApiKey> findById(String keyId);

    boolean existsById(String keyId);

    boolean existsByRoleAndState(Role role, ApiKeyState state);

    Optional<ApiKey> findByKeyIdAndOrganizationId(String keyId, UUID organizationId);

    Optional<ApiKey> findByPublicIdAndOrganizationId(UUID publicId, UUID organizationId);

    @Query("""
            select k from ApiKey k
            where k.organizationId = :organizationId
              and (k.createdAt > :afterCreatedAt or (k.createdAt = :afterCreatedAt and k.keyId > :afterKeyId))
            order by k.createdAt, k.keyId""")
    List<ApiKey> page(UUID organizationId, Instant afterCreatedAt, String afterKeyId, Limit limit);

    @Transactional
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :now where k.keyId = :keyId")
    void markUsed(String keyId, Instant now);
}
