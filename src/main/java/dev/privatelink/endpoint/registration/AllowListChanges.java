package dev.privatelink.endpoint.registration;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.privatelink.endpoint.AllowListChanged;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Announces every change of a service's allow list as an {@link AllowListChanged}, numbered per
 * service. The number comes from a per-service counter row that the change's transaction updates and
 * holds until it commits, so two changes of one list get consecutive numbers in commit order, whoever
 * makes them.
 */
@Component
public class AllowListChanges {

    private final AllowLists allowLists;
    private final DatabaseServices services;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AllowListChanges(AllowLists allowLists, DatabaseServices services, JdbcClient jdbc, ApplicationEventPublisher events,
                     Clock clock) {
        this.allowLists = allowLists;
        this.services = services;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** @return whether anything changed (and was announced) */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean announce(DatabaseService service, List<String> added, List<String> removed) {
        if (added.isEmpty() && removed.isEmpty()) {
            return false;
        }
        events.publishEvent(new AllowListChanged(service.id(), service.organizationId(), service.provider(), service.region(),
                List.copyOf(added), List.copyOf(removed), clock.instant(), service.name(),
                List.copyOf(allowLists.endpointIds(service.id())), next(service.id())));
        return true;
    }

    /** Takes a registration off every allow list that holds it, announcing each list's change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeEverywhere(EndpointRegistration endpoint) {
        // in one order, so that two removals touching the same lists never wait for each other crosswise
        for (UUID serviceId : allowLists.services(endpoint.id()).stream().sorted().toList()) {
            allowLists.remove(serviceId, endpoint.id());
            services.findById(serviceId).ifPresent(service -> announce(service, List.of(), List.of(endpoint.endpointId())));
        }
    }

    private long next(UUID serviceId) {
        return jdbc.sql("""
                        insert into allow_list_sequence (service_id, sequence) values (:service, 1)
                        on conflict (service_id) do update set sequence = allow_list_sequence.sequence + 1
                        returning sequence""")
                .param("service", serviceId).query(Long.class).single();
    }
}
