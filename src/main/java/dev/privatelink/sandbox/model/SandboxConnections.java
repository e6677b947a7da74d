package dev.privatelink.sandbox.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.privatelink.sandbox.model.SandboxServices.instant;
import static dev.privatelink.sandbox.model.SandboxServices.ts;

/** The sandbox's customer endpoints and their connections, in table {@code sandbox_endpoint_connection}. */
@Component
public class SandboxConnections {

    private static final String COLUMNS = """
            endpoint_id, provider, service_id, endpoint_resource_id, connection_name, region, owner_id,
            organization_id, private_ip, state, state_changed_at, description, created_at""";

    private final JdbcClient jdbc;

    public SandboxConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(SandboxConnection c) {
        jdbc.sql("insert into sandbox_endpoint_connection (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.endpointId(), c.provider().wireName(), c.serviceId(), c.endpointResourceId(), c.connectionName(),
                        c.region(), c.ownerId(), c.organizationId(), c.privateIp(), c.state(), ts(c.stateChangedAt()),
                        c.description(), ts(c.createdAt()))
                .update();
    }

    /** By endpoint id (vpce id, resourceGuid) or Azure resource id, any case. */
    public Optional<SandboxConnection> find(CloudProvider provider, String id) {
        return jdbc.sql("select " + COLUMNS + """
                         from sandbox_endpoint_connection
                        where provider = ? and (lower(endpoint_id) = lower(?) or lower(endpoint_resource_id) = lower(?))""")
                .params(provider.wireName(), id, id).query(SandboxConnections::map).optional();
    }

    public List<SandboxConnection> onService(String serviceId) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_endpoint_connection where service_id = ? order by created_at, endpoint_id")
                .param(serviceId).query(SandboxConnections::map).list();
    }

    /**
     * Stores a transition unless another call changed the connection since {@code before} was read
     * (replicas share the table); false means read again and retry.
     */
    public boolean replace(SandboxConnection before, SandboxConnection after) {
        return jdbc.sql("""
                        update sandbox_endpoint_connection set state = ?, state_changed_at = ?, description = ?
                        where endpoint_id = ? and state = ? and state_changed_at = ?""")
                .params(after.state(), ts(after.stateChangedAt()), after.description(), before.endpointId(),
                        before.state(), ts(before.stateChangedAt()))
                .update() == 1;
    }

    private static SandboxConnection map(ResultSet rs, int row) throws SQLException {
        return new SandboxConnection(
                rs.getString("endpoint_id"),
                CloudProvider.parse(rs.getString("provider")).orElseThrow(),
                rs.getString("service_id"),
                rs.getString("endpoint_resource_id"),
                rs.getString("connection_name"),
                rs.getString("region"),
                rs.getString("owner_id"),
                rs.getObject("organization_id", UUID.class),
                rs.getString("private_ip"),
                rs.getString("state"),
                instant(rs.getTimestamp("state_changed_at")),
                rs.getString("description"),
                instant(rs.getTimestamp("created_at")));
    }
}
