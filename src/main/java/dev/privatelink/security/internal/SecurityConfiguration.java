package dev.privatelink.security.internal;

import dev.privatelink.database.DatabaseAvailability;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP Basic with API key id and secret, as the seeds' {@code curl --user "${KEY_ID}:${KEY_SECRET}"}.
 * Stateless, no sessions, no CSRF (no cookies are ever issued). Health probes and the API docs are
 * open; operator APIs and the remaining actuator endpoints need an {@link Role#OPERATOR} key.
 * Finer rules (organization scoping, read-only keys) are applied by {@link Caller}. Failed authentications
 * are throttled per key id and per client address ({@link AuthenticationThrottle}).
 */
@Configuration
class SecurityConfiguration {

    static final String REALM = "privatelink";

    @Bean
    FailedAuthentications failedAuthentications(AuthenticationThrottleProperties settings) {
        return new FailedAuthentications(settings, System::nanoTime);
    }

    /**
     * What Spring Security's firewall refuses (an encoded {@code /}, {@code ;}, {@code ..}, a method outside
     * the usual ones) answers 400 with the reason, as problem details like every other error.
     */
    @Bean
    RequestRejectedHandler rejectedRequests() {
        return (request, response, rejected) -> response.sendError(HttpStatus.BAD_REQUEST.value(),
                "the request was refused: " + rejected.getMessage());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, FailedAuthentications failures, MeterRegistry meters,
                          DatabaseAvailability database) throws Exception {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName(REALM);
        basic.afterPropertiesSet();
        AuthenticationEntryPoint entryPoint = (request, response, refused) -> {
            if (refused instanceof InternalAuthenticationServiceException && database.explains(refused)) {
                // the key could not be looked up: not a wrong secret, so no 401 (and nothing counted against the key)
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseAvailability.RETRY_AFTER.toSeconds()));
                response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), DatabaseAvailability.REFUSAL);
                return;
            }
            basic.commence(request, response, refused);
        };
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(httpBasic -> httpBasic.realmName(REALM).authenticationEntryPoint(entryPoint))
                .addFilterBefore(new AuthenticationThrottle(failures, meters), BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) -> response.sendError(
                                HttpStatus.FORBIDDEN.value(), "this endpoint needs an OPERATOR key")))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name())
                        .requestMatchers("/v1/operator/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().authenticated())
                .build();
    }
}
