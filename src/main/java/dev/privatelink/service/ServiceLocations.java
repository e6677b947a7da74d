package dev.privatelink.service;

import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where a service is, read in one indexed statement without loading the service: for hot read paths that
 * need only its provider, region and DNS key (its private endpoint configuration), not the aggregate.
 */
@Component
public class ServiceLocations {

    private final JdbcClient jdbc;

    ServiceLocations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The organization's service, if it has one with this id. */
    public Optional<ServiceLocation> find(UUID organizationId, UUID serviceId) {
        return jdbc.sql("select provider, region, service_key from service where id = :id and organization_id = :org")
                .param("id", serviceId).param("org", organizationId)
                .query((rs, row) -> new ServiceLocation(serviceId, CloudProvider.parse(rs.getString(1)).orElseThrow(),
                        rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** A service's provider, region and DNS key (the first label of its private DNS hostname). */
    public record ServiceLocation(UUID id, CloudProvider provider, String region, String serviceKey) {
    }
}
