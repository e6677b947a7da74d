package dev.privatelink.endpoint;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

import dev.privatelink.cloud.EndpointConnection;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The status changes the workflows make, each applied inside the engine's committing transaction.
 * A registration that is being deleted (or is gone) is left alone: a late outcome of a superseded run
 * never overwrites it. Entering or leaving {@code Ready} bumps the data-plane feed.
 */
@Component
class RegistrationStatus {

    private final PrivateEndpoints endpoints;
    private final AllowLists allowLists;
    private final FilterVersions filterVersions;
    private final Clock clock;

    RegistrationStatus(PrivateEndpoints endpoints, AllowLists allowLists, FilterVersions filterVersions, Clock clock) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
        this.filterVersions = filterVersions;
        this.clock = clock;
    }

    @Transactional
    void waiting(UUID id, String message) {
        change(id, e -> {
            if (e.status() != EndpointStatus.WAITING_FOR_CONNECTION || !message.equals(e.statusMessage())) {
                e.waitingForConnection(message, clock.instant());
            }
        });
    }

    @Transactional
    void connected(UUID id, EndpointConnection connection, UUID endpointServiceId) {
        change(id, e -> {
            e.connected(connection, endpointServiceId, clock.instant());
            e.accepting("connection found on our endpoint service (" + connection.cloudState() + ")", clock.instant());
        });
    }

    @Transactional
    void pendingAcceptance(UUID id, String cloudState, String message) {
        change(id, e -> {
            if (e.status() != EndpointStatus.PENDING_ACCEPTANCE) {
                e.pendingAcceptance(message, clock.instant());
            }
        });
    }

    @Transactional
    void accepting(UUID id, String cloudState) {
        change(id, e -> e.accepting("accepting the connection (" + cloudState + ")", clock.instant()));
    }

    @Transactional
    void ready(UUID id, String cloudState) {
        change(id, e -> e.ready(cloudState, clock.instant()));
    }

    @Transactional
    void rejected(UUID id, String code, String message) {
        change(id, e -> e.rejected(code, message, clock.instant()));
    }

    @Transactional
    void failed(UUID id, String code, String message) {
        change(id, e -> e.failed(code, message, clock.instant()));
    }

    @Transactional
    void expired(UUID id, String message) {
        change(id, e -> e.expired(message, clock.instant()));
    }

    @Transactional(readOnly = true)
    boolean onProductionAllowList(UUID id) {
        return allowLists.onListOfTier(id, "PRODUCTION");
    }

    private void change(UUID id, Consumer<PrivateEndpoint> transition) {
        PrivateEndpoint endpoint = endpoints.lockById(id).orElse(null);
        if (endpoint == null || endpoint.status() == EndpointStatus.DELETING) {
            return;
        }
        boolean wasReady = endpoint.status() == EndpointStatus.READY;
        transition.accept(endpoint);
        endpoints.save(endpoint);
        if (wasReady != (endpoint.status() == EndpointStatus.READY)) {
            filterVersions.bumpWhereListed(endpoint.id());
        }
    }
}
