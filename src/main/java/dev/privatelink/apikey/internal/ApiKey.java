package dev.privatelink.apikey.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.privatelink.security.Role;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An API key: the id and secret a caller sends with HTTP Basic. Only a hash of the secret is kept. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    // writing lastUsedAt on every call would turn each read into a write; a minute's precision is plenty
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    @Id
    private String keyId;
    /** The key's id in ClickHouse Cloud's shape (a UUID, {@code id} on the wire); keyId is the HTTP Basic user name. */
    private UUID publicId;
    private UUID organizationId;
    private String name;
    @Enumerated(EnumType.STRING)
    private Role role;
    @Enumerated(EnumType.STRING)
    private ApiKeyState state;
    private String secretHash;
    private Instant expiresAt;
    private Instant lastUsedAt;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;

    protected ApiKey() {
    }

    public static ApiKey create(String keyId, String secret, UUID organizationId, String name, Role role,
                         Instant expiresAt, Instant now) {
        ApiKey key = new ApiKey();
        key.keyId = keyId;
        key.publicId = UUID.randomUUID();
        key.organizationId = organizationId;
        key.name = name;
        key.role = role;
        key.state = ApiKeyState.ACTIVE;
        key.secretHash = SecretHash.hash(keyId, secret);
        key.expiresAt = expiresAt;
        key.createdAt = now;
        key.updatedAt = now;
        return key;
    }

    /**
     * Whether a key could have this id: ids are text PostgreSQL stores, so one with a control character
     * (a NUL in particular, which PostgreSQL refuses even in a lookup) names no key and is not looked up.
     */
    static boolean couldExist(String keyId) {
        return keyId != null && !keyId.isEmpty() && keyId.chars().noneMatch(Character::isISOControl);
    }

    /** Whether this key, presented with {@code secret} at {@code now}, lets the caller in. */
    boolean admits(String secret, Instant now) {
        boolean secretMatches = SecretHash.matches(keyId, secret, secretHash); // always compared: no timing hint
        return secretMatches && state == ApiKeyState.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
    }

    boolean lastUsedIsStale(Instant now) {
        return lastUsedAt == null || lastUsedAt.plus(LAST_USED_PRECISION).isBefore(now);
    }

    void revoke(Instant now) {
        this.state = ApiKeyState.REVOKED;
        this.updatedAt = now;
    }

    public String secretHash() {
        return secretHash;
    }

    public String keyId() {
        return keyId;
    }

    public UUID publicId() {
        return publicId;
    }

    /** The last four characters of the key id, by which ClickHouse Cloud's clients recognise their own key. */
    public String keySuffix() {
        return keyId.substring(Math.max(0, keyId.length() - 4));
    }

    public UUID organizationId() {
        return organizationId;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public ApiKeyState state() {
        return state;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
