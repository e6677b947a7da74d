package dev.privatelink.web.internal;

import java.io.IOException;
import java.util.List;

import dev.privatelink.database.DatabaseAvailability;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is unavailable every API request answers 503 with {@code Retry-After} at once, before
 * authentication (which needs the database too), instead of waiting for a pooled connection and failing
 * as a 500. A request that meets the outage on its way (a filter, authentication, the commit) answers
 * the same. Health probes and the API description do not need the database and are served as usual.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class DatabaseOutages extends OncePerRequestFilter {

    static final String MESSAGE = DatabaseAvailability.REFUSAL;
    private static final List<String> WITHOUT_DATABASE = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui");

    private final DatabaseAvailability database;

    DatabaseOutages(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return WITHOUT_DATABASE.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (database.outage().isPresent()) {
            unavailable(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || !database.explains(e)) {
                throw e;
            }
            unavailable(response);
        }
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseAvailability.RETRY_AFTER.toSeconds()));
        response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), MESSAGE);
    }
}
