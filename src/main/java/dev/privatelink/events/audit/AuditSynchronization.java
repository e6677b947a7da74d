package dev.privatelink.events.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * Collects what one transaction of an API request changes, and writes the audit entries in that same
 * transaction just before it commits: a change and its audit entry commit together, or neither does.
 * Runs last among the transaction's synchronizations, and flushes the persistence context first, so
 * that every entity change has been seen.
 */
final class AuditSynchronization implements TransactionSynchronization, Ordered {

    /** One resource's changes within the transaction, field by field (first before, last after). */
    private record Resource(String type, String id, UUID organizationId) {
    }

    private final AuditRequest.State request;
    private final EntityManager entityManager;
    private final AuditLog log;
    private final Map<Resource, Map<String, JsonNode[]>> changes = new LinkedHashMap<>();

    AuditSynchronization(AuditRequest.State request, EntityManager entityManager, AuditLog log) {
        this.request = request;
        this.entityManager = entityManager;
        this.log = log;
    }

    /** The synchronization of the current transaction, if it belongs to an API request. */
    static Optional<AuditSynchronization> current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        return TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(AuditSynchronization.class::isInstance).map(AuditSynchronization.class::cast).findFirst();
    }

    synchronized void changed(String type, String id, UUID organizationId, String field, JsonNode before, JsonNode after) {
        Map<String, JsonNode[]> fields = changes.computeIfAbsent(new Resource(type, id, organizationId), r -> new LinkedHashMap<>());
        JsonNode[] values = fields.get(field);
        if (values == null) {
            fields.put(field, new JsonNode[] {before, after});
        } else {
            values[1] = after;
        }
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (readOnly) {
            return;
        }
        entityManager.flush(); // entity changes not yet written are seen now
        List<AuditEntry> entries = new ArrayList<>();
        synchronized (this) {
            changes.forEach((resource, fields) -> {
                List<AuditEntry.Change> changed = new ArrayList<>();
                fields.forEach((field, values) -> {
                    if (!Objects.equals(values[0], values[1])) {
                        changed.add(new AuditEntry.Change(field, values[0], values[1]));
                    }
                });
                if (!changed.isEmpty()) {
                    entries.add(entry(resource, changed));
                }
            });
        }
        if (!entries.isEmpty()) {
            log.append(entries);
            request.recorded = true;
        }
    }

    private AuditEntry entry(Resource resource, List<AuditEntry.Change> changed) {
        AuditRequest r = request.request;
        UUID organization = resource.organizationId() != null ? resource.organizationId() : r.organizationId();
        return new AuditEntry(UUID.randomUUID(), organization, null, r.caller().keyId(), r.caller().role().name(),
                r.requestId(), r.action(), r.path(), resource.type(), resource.id(), List.copyOf(changed));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
