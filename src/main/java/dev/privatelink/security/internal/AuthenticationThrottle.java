package dev.privatelink.security.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles failed HTTP Basic authentication, in front of the authentication itself: a request whose key
 * id or client address has used up its budget of failures ({@link FailedAuthentications}) answers 429 with
 * {@code Retry-After}, without its secret being checked. Who verifies keys, and how, is none of its business:
 * it learns the outcome from the request (authenticated as the key it named, or answered 401).
 */
final class AuthenticationThrottle extends OncePerRequestFilter {

    private final FailedAuthentications failures;
    private final MeterRegistry meters;
    private final BasicAuthenticationConverter credentials = new BasicAuthenticationConverter();

    AuthenticationThrottle(FailedAuthentications failures, MeterRegistry meters) {
        this.failures = failures;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> keyId = presentedKeyId(request);
        if (keyId.isEmpty()) {
            chain.doFilter(request, response); // no Basic credentials: nothing to guess with
            return;
        }
        String address = FailedAuthentications.budgetAddress(request.getRemoteAddr());
        FailedAuthentications.Attempt attempt = failures.attempt(keyId.get(), address);
        if (attempt.refused()) {
            meters.counter("privatelink.authentication.refusals", "budget",
                    attempt.exhausted().name().toLowerCase(Locale.ROOT)).increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(attempt.retryAfter().toSeconds()));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "too many failed authentications "
                    + (attempt.exhausted() == FailedAuthentications.Budget.ADDRESS ? "from this address" : "for this key id")
                    + "; retry after " + attempt.retryAfter().toSeconds() + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication authenticated = SecurityContextHolder.getContext().getAuthentication();
            if (authenticated != null && authenticated.isAuthenticated() && keyId.get().equals(authenticated.getName())) {
                failures.succeeded(attempt, keyId.get(), address);
            } else if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
                failures.failed(attempt);
            } else {
                failures.released(attempt);
            }
        }
    }

    /** The key id of the request's Basic credentials; empty without them, "" when they are too malformed to name one. */
    private Optional<String> presentedKeyId(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken presented = credentials.convert(request);
            return presented == null ? Optional.empty() : Optional.of(presented.getName());
        } catch (AuthenticationException malformed) {
            return Optional.of(FailedAuthentications.NO_KEY);
        }
    }
}
