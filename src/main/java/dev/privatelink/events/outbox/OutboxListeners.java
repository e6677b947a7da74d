package dev.privatelink.events.outbox;

import dev.privatelink.endpoint.AllowListChanged;
import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.events.cloudevent.AllowListEvents;
import dev.privatelink.events.cloudevent.EndpointEvents;
import dev.privatelink.events.cloudevent.PublicAccessEvents;
import dev.privatelink.events.cloudevent.ReverseEndpointEvents;
import dev.privatelink.reverseendpoint.ReverseEndpointRemoved;
import dev.privatelink.reverseendpoint.ReverseEndpointStatusChanged;
import dev.privatelink.service.PublicAccessChanged;
import org.springframework.stereotype.Component;

/**
 * The outbox's consumers: each domain event that callers hear of is stored in the event publication
 * registry by the transaction that made the change, and handed here once that transaction has
 * committed (again after a crash, until this has run). Each becomes a CloudEvent in the event log,
 * and a delivery for every subscription that asked for its type.
 *
 * <p>Adding a source of events is one listener here and one mapping in {@code events.cloudevent}.
 */
@Component
class OutboxListeners {

    private final EventLog log;

    OutboxListeners(EventLog log) {
        this.log = log;
    }

    @OutboxListener
    void on(EndpointStatusChanged change) {
        log.record(EndpointEvents.of(change));
    }

    @OutboxListener
    void on(EndpointRemoved removal) {
        log.record(EndpointEvents.of(removal));
    }

    @OutboxListener
    void on(ReverseEndpointStatusChanged change) {
        log.record(ReverseEndpointEvents.of(change));
    }

    @OutboxListener
    void on(ReverseEndpointRemoved removal) {
        log.record(ReverseEndpointEvents.of(removal));
    }

    @OutboxListener
    void on(PublicAccessChanged change) {
        log.record(PublicAccessEvents.of(change));
    }

    @OutboxListener
    void on(AllowListChanged change) {
        log.record(AllowListEvents.of(change));
    }
}
