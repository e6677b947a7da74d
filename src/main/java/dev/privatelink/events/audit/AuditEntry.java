package dev.privatelink.events.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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
    @Schema(name = "AuditChange")
    public record Change(String field,
                         @Schema(description = "the value before, as the API writes it (any JSON), null when created",
                                 implementation = Object.class) JsonNode before,
                         @Schema(description = "the value after (any JSON), null when deleted",
                                 implementation = Object.class) JsonNode after) {
    }
}
