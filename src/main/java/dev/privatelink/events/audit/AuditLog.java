package dev.privatelink.events.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The audit entries, kept for good. */
@Component
class AuditLog {

    private static final TypeReference<List<AuditEntry.Change>> CHANGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** In the caller's transaction; the entries' time is now. */
    void append(List<AuditEntry> entries) {
        Timestamp now = Timestamp.from(clock.instant());
        for (AuditEntry e : entries) {
            jdbc.sql("""
                            insert into audit_entry (id, organization_id, at, key_id, role, request_id, action, path,
                                                     resource_type, resource_id, changes)
                            values (:id, :org, :at, :keyId, :role, :requestId, :action, :path, :type, :resourceId,
                                    cast(:changes as jsonb))""")
                    .param("id", e.id()).param("org", e.organizationId()).param("at", now).param("keyId", e.keyId())
                    .param("role", e.role()).param("requestId", e.requestId()).param("action", e.action())
                    .param("path", e.path()).param("type", e.resourceType()).param("resourceId", e.resourceId())
                    .param("changes", json.writeValueAsString(e.changes()))
                    .update();
        }
    }

    /**
     * A page in (at, id) order after the given key, optionally of one organization (every organization when
     * {@code null}), resource type and key; one more than {@code limit} when more follow.
     */
    List<AuditEntry> page(UUID organizationId, String resourceType, String keyId, Instant after, UUID afterId, int limit) {
        return jdbc.sql("""
                        select * from audit_entry
                        where (cast(:org as uuid) is null or organization_id = cast(:org as uuid))
                          and (cast(:type as text) is null or resource_type = cast(:type as text))
                          and (cast(:keyId as text) is null or key_id = cast(:keyId as text))
                          and (at > :after or (at = :after and id > :afterId))
                        order by at, id limit :limit""")
                .param("org", organizationId).param("type", resourceType).param("keyId", keyId)
                .param("after", Timestamp.from(after)).param("afterId", afterId).param("limit", limit)
                .query(this::map).list();
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
                rs.getTimestamp("at").toInstant(), rs.getString("key_id"), rs.getString("role"), rs.getString("request_id"),
                rs.getString("action"), rs.getString("path"), rs.getString("resource_type"), rs.getString("resource_id"),
                json.readValue(rs.getString("changes"), CHANGES));
    }
}
