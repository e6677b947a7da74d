package dev.privatelink.apikey.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.privatelink.security.Caller;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks the key id and secret of HTTP Basic against the stored keys. Unknown, wrong, revoked and
 * expired keys are refused alike, so the answer tells an attacker nothing.
 */
@Component
class ApiKeyAuthentication implements AuthenticationProvider {

    // hashed when the key id is unknown, so that unknown and known ids take the same time
    private static final String NO_SUCH_KEY_HASH = SecretHash.hash("", "");

    private final ApiKeys keys;
    private final Clock clock;

    ApiKeyAuthentication(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String keyId = authentication.getName();
        String secret = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        Instant now = clock.instant();
        Optional<ApiKey> found = ApiKey.couldExist(keyId) ? keys.findById(keyId) : Optional.empty();
        if (found.isEmpty()) {
            SecretHash.matches(keyId, secret, NO_SUCH_KEY_HASH);
            throw new BadCredentialsException("invalid API key credentials");
        }
        ApiKey key = found.get();
        if (!key.admits(secret, now)) {
            throw new BadCredentialsException("invalid API key credentials");
        }
        if (key.lastUsedIsStale(now)) {
            keys.markUsed(key.keyId(), now);
        }
        Caller caller = new Caller(key.keyId(), key.organizationId(), key.role());
        return UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + key.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
