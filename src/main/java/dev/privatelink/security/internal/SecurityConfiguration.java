package dev.privatelink.security.internal;

import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP Basic with API key id and secret, as the seeds' {@code curl --user "${KEY_ID}:${KEY_SECRET}"}.
 * Stateless, no sessions, no CSRF (no cookies are ever issued). Health probes and the API docs are
 * open; operator APIs and the remaining actuator endpoints need an {@link Role#OPERATOR} key.
 * Finer rules (organization scoping, read-only keys) are applied by {@link Caller}.
 */
@Configuration
class SecurityConfiguration {

    static final String REALM = "privatelink";

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
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName(REALM);
        entryPoint.afterPropertiesSet();
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(entryPoint))
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
