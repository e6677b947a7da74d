package dev.privatelink.endpoint.registration;

import java.util.List;
import java.util.UUID;

import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes what a registration recorded, completed with what only this module knows: the services
 * whose allow lists hold it and the name of the endpoint service it connected to. Runs synchronously
 * when the registration is saved, inside the transaction that changed it, so the published event shows
 * the registration exactly as the API shows it at that change and commits (or rolls back) with it.
 */
@Component
class RegistrationEvents {

    /** What a registration records (one of the two), before it is completed and published. */
    record Recorded(EndpointStatusChanged statusChange, EndpointRemoved removal, UUID endpointServiceId) {
    }

    private final AllowLists allowLists;
    private final EndpointServiceDirectory directory;
    private final ApplicationEventPublisher events;

    RegistrationEvents(AllowLists allowLists, EndpointServiceDirectory directory, ApplicationEventPublisher events) {
        this.allowLists = allowLists;
        this.directory = directory;
        this.events = events;
    }

    @EventListener
    void on(Recorded recorded) {
        if (recorded.statusChange() != null) {
            EndpointStatusChanged c = recorded.statusChange();
            events.publishEvent(new EndpointStatusChanged(c.registrationId(), c.organizationId(), c.provider(),
                    c.endpointId(), c.region(), c.previous(), c.status(), c.reasonCode(), c.reasonMessage(), c.at(),
                    c.description(), c.connectionState(), endpointServiceName(recorded.endpointServiceId()),
                    attachedServices(c), c.createdAt(), c.sequence(), c.scope()));
        } else {
            EndpointRemoved r = recorded.removal();
            events.publishEvent(new EndpointRemoved(r.registrationId(), r.organizationId(), r.provider(), r.endpointId(),
                    r.region(), r.at(), r.description(), r.status(), r.reasonCode(), r.reasonMessage(),
                    r.connectionState(), endpointServiceName(recorded.endpointServiceId()), r.createdAt(), r.sequence(), r.scope()));
        }
    }

    /** A new registration (no previous status) has only just been inserted: no allow list can hold it yet. */
    private List<UUID> attachedServices(EndpointStatusChanged change) {
        return change.previous() == null ? List.of() : List.copyOf(allowLists.services(change.registrationId()));
    }

    private String endpointServiceName(UUID endpointServiceId) {
        return endpointServiceId == null ? null
                : directory.find(endpointServiceId).map(EndpointService::serviceName).orElse(null);
    }
}
