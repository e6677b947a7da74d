package dev.privatelink.events.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * One resource changed through the API: who changed it (API key and its role), when, in which request
 * ({@code action} is the operation: method and route), and the fields that changed, before and after.
 * A request that changes several resources gives one entry per resource, with the same request id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(UUID id, UUID organizationId, Instant at, String keyId, String role, String requestId,
                         String action, String path, String resourceType, String resourceId, List<Change> changes) {

    /** A field's value before and after ({@code null} before: created; {@code null} after: deleted or cleared). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Change(String field, JsonNode before, JsonNode after) {
    }
}
