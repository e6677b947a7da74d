package dev.privatelink.endpoint.registration;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Registrations as callers read them, each with the services whose allow lists hold it, in one indexed
 * statement and without loading the aggregate: {@code GET …/privateEndpoints/{id}} is polled by customers
 * and tools waiting for {@code Ready}. Changes go through {@link EndpointRegistrations}.
 */
@Component
public class RegistrationSnapshots {

    private static final String SELECT = """
            select e.id, e.endpoint_id, e.provider, e.region, e.description, e.scope, e.status, e.status_code,
                   e.status_message, e.connection_state, e.endpoint_service_id, e.created_at, e.updated_at,
                   e.event_sequence,
                   array(select l.service_id from service_private_endpoint l where l.private_endpoint_id = e.id
                         order by l.added_at) as attached_service_ids
            from private_endpoint e
            """;

    private final JdbcClient jdbc;

    RegistrationSnapshots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The organization's registration of this endpoint id (any case; the oldest should there be several), or
     * else the one whose registration id it is.
     */
    public Optional<RegistrationSnapshot> find(UUID organizationId, String endpointIdOrRegistrationId) {
        // every provider listed: the lookup then uses the unique index (organization_id, provider, lower(endpoint_id))
        Optional<RegistrationSnapshot> byEndpointId = jdbc.sql(SELECT + """
                        where e.organization_id = :org and e.provider in ('aws', 'azure')
                          and lower(e.endpoint_id) = lower(:endpointId)
                        order by e.created_at limit 1""")
                .param("org", organizationId).param("endpointId", endpointIdOrRegistrationId)
                .query(RegistrationSnapshots::snapshot).optional();
        if (byEndpointId.isPresent()) {
            return byEndpointId;
        }
        return registrationId(endpointIdOrRegistrationId).flatMap(id -> jdbc.sql(SELECT + """
                        where e.id = :id and e.organization_id = :org""")
                .param("id", id).param("org", organizationId)
                .query(RegistrationSnapshots::snapshot).optional());
    }

    private static Optional<UUID> registrationId(String value) {
        try {
            return Optional.of(UUID.fromString(value.strip()));
        } catch (IllegalArgumentException notOne) {
            return Optional.empty();
        }
    }

    private static RegistrationSnapshot snapshot(ResultSet rs, int row) throws SQLException {
        Array attached = rs.getArray("attached_service_ids");
        return new RegistrationSnapshot(rs.getObject("id", UUID.class), rs.getString("endpoint_id"),
                CloudProvider.parse(rs.getString("provider")).orElseThrow(), rs.getString("region"),
                rs.getString("description"), Scope.valueOf(rs.getString("scope")),
                EndpointStatus.parse(rs.getString("status")).orElseThrow(), rs.getString("status_code"),
                rs.getString("status_message"), rs.getString("connection_state"),
                rs.getObject("endpoint_service_id", UUID.class), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getLong("event_sequence"), List.copyOf(Arrays.asList((UUID[]) attached.getArray())));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * A registration as read, with the services whose allow lists hold it (oldest entry first).
     *
     * @param eventSequence the number of its last recorded change
     */
    public record RegistrationSnapshot(UUID id, String endpointId, CloudProvider provider, String region, String description,
                                       Scope scope, EndpointStatus status, String statusCode, String statusMessage,
                                       String connectionState, UUID endpointServiceId, Instant createdAt, Instant updatedAt,
                                       long eventSequence, List<UUID> attachedServiceIds) {

        /** A registration already loaded, with its allow-list entries. */
        public static RegistrationSnapshot of(EndpointRegistration e, List<UUID> attachedServiceIds) {
            return new RegistrationSnapshot(e.id(), e.endpointId(), e.provider(), e.region(), e.description(), e.scope(),
                    e.status(), e.statusCode(), e.statusMessage(), e.connectionState(), e.endpointServiceId(),
                    e.createdAt(), e.updatedAt(), e.eventSequence(), attachedServiceIds);
        }
    }
}
