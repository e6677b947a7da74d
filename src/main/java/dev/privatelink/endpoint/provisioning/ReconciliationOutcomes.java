package dev.privatelink.endpoint.provisioning;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Predicate;

import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The status changes the reconciliation sweep makes, each in a transaction of its own on the locked
 * registration, and only if the registration is still as the sweep read it before it listed the cloud
 * (same status, no change recorded since): what a customer or a workflow did meanwhile wins, and the
 * next round looks again.
 */
@Component
class ReconciliationOutcomes {

    private final EndpointRegistrations registrations;
    private final Clock clock;

    ReconciliationOutcomes(EndpointRegistrations registrations, Clock clock) {
        this.registrations = registrations;
        this.clock = clock;
    }

    /** A Ready registration whose connection the listing no longer shows, or shows deleted, failed or disconnected. */
    @Transactional
    boolean connectionLost(UUID id, long seenSequence, EndpointConnection connection) {
        return change(id, seenSequence, EndpointStatus.READY, e -> {
            e.connectionLost(connection == null ? null : connection.cloudState(), (connection == null
                    ? "the connection from " + e.endpointId() + " is no longer on our endpoint service (the endpoint was deleted)"
                    : "the cloud reports the connection from " + e.endpointId() + " '" + connection.cloudState() + "'")
                    + " after it was Ready; create the endpoint again and register it", clock.instant());
            return true;
        });
    }

    /** A Ready registration whose connection the cloud reports rejected. */
    @Transactional
    boolean rejectedInCloud(UUID id, long seenSequence, EndpointConnection connection) {
        return change(id, seenSequence, EndpointStatus.READY, e -> {
            e.rejectedInCloud(connection.cloudState(), "the connection from " + e.endpointId()
                    + " was rejected on the endpoint service after it was Ready; create a new endpoint and register it",
                    clock.instant());
            return true;
        });
    }

    /**
     * A Failed, Expired or Rejected registration whose connection the cloud reports available: Ready
     * again, unless another organization's registration holds the endpoint's connection (the same rule,
     * under the same lock, as a workflow taking it: {@link EndpointRegistrations#connectionHeldByAnotherOrganization}).
     */
    @Transactional
    boolean healed(UUID id, long seenSequence, EndpointStatus seenStatus, EndpointConnection connection, UUID endpointServiceId) {
        return change(id, seenSequence, seenStatus, e -> {
            registrations.lockEndpoint(e.provider(), e.endpointId());
            if (registrations.connectionHeldByAnotherOrganization(e)) {
                return false;
            }
            e.healed(connection, endpointServiceId, "healed: the cloud reports the connection accepted ("
                    + connection.cloudState() + ")", clock.instant());
            return true;
        });
    }

    /** Applies {@code transition} (which answers whether it changed anything) if the registration is as seen. */
    private boolean change(UUID id, long seenSequence, EndpointStatus seenStatus, Predicate<EndpointRegistration> transition) {
        EndpointRegistration registration = registrations.lockById(id).orElse(null);
        if (registration == null || registration.status() != seenStatus || registration.eventSequence() != seenSequence
                || !transition.test(registration)) {
            return false;
        }
        registrations.save(registration);
        return true;
    }
}
