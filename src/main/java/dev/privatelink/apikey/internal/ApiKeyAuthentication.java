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
    private final VerifiedKeys verified;
    private final Clock clock;

    ApiKeyAuthentication(ApiKeys keys, VerifiedKeys verified, Clock clock) {
        this.keys = keys;
        this.verified = verified;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String keyId = authentication.getName();
        String secret = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        Caller caller = verified.caller(keyId, secret, () -> verify(keyId, secret))
                .orElseThrow(() -> new BadCredentialsException("invalid API key credentials"));
        return UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
    }

    /** Reads the key and checks the secret: the database round trip {@link VerifiedKeys} saves most requests. */
    private Optional<VerifiedKeys.Verified> verify(String keyId, String secret) {
        Instant now = clock.instant();
        Optional<ApiKey> found = ApiKey.couldExist(keyId) ? keys.findById(keyId) : Optional.empty();
        if (found.isEmpty()) {
            SecretHash.matches(keyId, secret, NO_SUCH_KEY_HASH);
            return Optional.empty();
        }
        ApiKey key = found.get();
        if (!key.admits(secret, now)) {
            return Optional.empty();
        }
        if (key.lastUsedIsStale(now)) {
            keys.markUsed(key.keyId(), now);
        }
        return Optional.of(new VerifiedKeys.Verified(new Caller(key.keyId(), key.organizationId(), key.role()), key.expiresAt()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
