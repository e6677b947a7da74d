package dev.privatelink.events.audit;

import dev.privatelink.endpoint.AllowListChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Allow lists are not entities: their changes reach the audit as the endpoint module's
 * {@link AllowListChanged}, synchronously, in the transaction that changed them.
 */
@Component
class AllowListAudit {

    private final JsonMapper json;

    AllowListAudit(JsonMapper json) {
        this.json = json;
    }

    @EventListener
    void on(AllowListChanged change) {
        AuditSynchronization.current().ifPresent(audit -> audit.changed("service", change.serviceId().toString(),
                change.organizationId(), "privateEndpointIds", json.valueToTree(change.privateEndpointIdsBefore()),
                json.valueToTree(change.privateEndpointIds())));
    }
}
