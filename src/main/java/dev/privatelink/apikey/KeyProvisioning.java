package dev.privatelink.apikey;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.apikey.internal.ApiKey;
import dev.privatelink.apikey.internal.ApiKeyState;
import dev.privatelink.apikey.internal.ApiKeys;
import dev.privatelink.apikey.internal.SecretHash;
import dev.privatelink.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Creates keys with a secret chosen by configuration or the bootstrap command, for callers outside this module. */
@Component
public class KeyProvisioning {

    private static final Logger log = LoggerFactory.getLogger(KeyProvisioning.class);

    private final ApiKeys keys;
    private final Clock clock;

    KeyProvisioning(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A new secret of the strength every generated key gets (160 random bits). */
    public static String newSecret() {
        return SecretHash.newSecret();
    }

    /** Whether any active OPERATOR key exists: without one, nobody can create organizations or keys. */
    @Transactional(readOnly = true)
    public boolean anyOperatorKey() {
        return keys.existsByRoleAndState(Role.OPERATOR, ApiKeyState.ACTIVE);
    }

    /**
     * Creates the key unless one with this id exists; returns whether it created it. An existing key
     * is left as it is, but a configured secret, organization or role that no longer matches it is
     * reported: changing a bootstrap secret does not rotate the key.
     */
    @Transactional
    public boolean createIfAbsent(String keyId, String secret, UUID organizationId, String name, Role role) {
        Optional<ApiKey> existing = keys.findById(keyId);
        if (existing.isPresent()) {
            ApiKey key = existing.get();
            if (!SecretHash.matches(keyId, secret, key.secretHash()) || !key.organizationId().equals(organizationId)
                    || key.role() != role) {
                log.warn("Bootstrap key '{}' exists already with another secret, organization or role; it is left "
                        + "unchanged: revoke it and create a new one to rotate it", keyId);
            }
            return false;
        }
        keys.save(ApiKey.create(keyId, secret, organizationId, name, role, null, clock.instant()));
        return true;
    }
}
