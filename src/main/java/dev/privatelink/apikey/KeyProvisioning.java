package dev.privatelink.apikey;

import java.time.Clock;
import java.util.UUID;

import dev.privatelink.security.Role;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Creates keys with a secret chosen by configuration (bootstrap), for callers outside this module. */
@Component
public class KeyProvisioning {

    private final ApiKeys keys;
    private final Clock clock;

    KeyProvisioning(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Creates the key unless one with this id exists; returns whether it created it. */
    @Transactional
    public boolean createIfAbsent(String keyId, String secret, UUID organizationId, String name, Role role) {
        if (keys.existsById(keyId)) {
            return false;
        }
        keys.save(ApiKey.create(keyId, secret, organizationId, name, role, null, clock.instant()));
        return true;
    }
}
