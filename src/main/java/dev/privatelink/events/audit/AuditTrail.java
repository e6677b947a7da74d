package dev.privatelink.events.audit;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** How this module's own changes (webhook subscriptions) reach the audit, in the transaction that makes them. */
@Component
public class AuditTrail {

    private final JsonMapper json;

    AuditTrail(JsonMapper json) {
        this.json = json;
    }

    /**
     * Records a resource's fields before and after, for the current request's transaction.
     *
     * @param fields field name → {before, after} ({@code null} for absent); never pass a secret
     */
    public void changed(String resourceType, String resourceId, UUID organizationId, Map<String, Object[]> fields) {
        AuditSynchronization.current().ifPresent(audit -> fields.forEach((field, values) -> audit.changed(resourceType,
                resourceId, organizationId, field, values[0] == null ? null : json.valueToTree(values[0]),
                values[1] == null ? null : json.valueToTree(values[1]))));
    }
}
