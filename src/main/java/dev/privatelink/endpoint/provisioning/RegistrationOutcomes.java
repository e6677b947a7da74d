package dev.privatelink.endpoint.provisioning;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.AllowedEndpoints;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.workflow.OperatorOutcomes;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The status changes the workflows make, each applied inside the engine's committing transaction and
 * saved so that the registration's events are published with it. A registration that is being deleted
 * (or is gone) is left alone: a late outcome of a superseded run never overwrites it.
 */
@Component
class RegistrationOutcomes {

    private final EndpointRegistrations registrations;
    private final AllowedEndpoints allowed;
    private final Clock clock;

    RegistrationOutcomes(EndpointRegistrations registrations, AllowedEndpoints allowed, Clock clock) {
        this.registrations = registrations;
        this.allowed = allowed;
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

    /**
     * The registration takes the endpoint's connection, unless another organization's registration
     * took it since the step checked: two organizations locating one endpoint at the same moment are
     * serialized on the endpoint, and the second one's commit is refused. The engine then runs the
     * step again, which ends that registration {@code Failed} with {@code ENDPOINT_IN_USE}, as if
     * it had come second all along.
     */
    @Transactional
    void connected(UUID id, EndpointConnection connection, UUID endpointServiceId) {
        change(id, e -> {
            registrations.lockEndpoint(e.provider(), e.endpointId());
            if (registrations.connectionHeldByAnotherOrganization(e)) {
                throw new EndpointTakenMeanwhile(e.id());
            }
            e.connected(connection, endpointServiceId, clock.instant());
        });
    }

    /** Another organization's registration took the endpoint's connection while this one's step ran. */
    static final class EndpointTakenMeanwhile extends IllegalStateException {

        EndpointTakenMeanwhile(UUID registrationId) {
            super("registration " + registrationId + ": another organization's registration took the endpoint's "
                    + "connection meanwhile; the step runs again");
        }
    }

    @Transactional
    void pendingAcceptance(UUID id, String message) {
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

    /** The operator cancelled its registration run: Failed with {@code CANCELLED}, unless it is settled already. */
    @Transactional
    void cancelledByOperator(UUID id) {
        change(id, e -> {
            if (e.status().isInProgress()) {
                e.cancelledByOperator(OperatorOutcomes.CANCELLED_MESSAGE, clock.instant());
            }
        });
    }

    /** The operator retries its failed registration run: in progress again. @return false unless it was Failed */
    @Transactional
    boolean retriedByOperator(UUID id) {
        EndpointRegistration registration = registrations.lockById(id).orElse(null);
        if (registration == null || registration.status() != EndpointStatus.FAILED) {
            return false;
        }
        registration.retriedByOperator(OperatorOutcomes.RETRIED_MESSAGE, clock.instant());
        registrations.save(registration);
        return true;
    }

    /** The operator cancelled its removal: it stays Deleting, saying so. */
    @Transactional
    void removalCancelled(UUID id) {
        removing(id, e -> e.removalCancelled(OperatorOutcomes.CANCELLED_MESSAGE, clock.instant()));
    }

    /** The operator retries its stopped removal. @return false when it is gone or no longer Deleting */
    @Transactional
    boolean removalRetried(UUID id) {
        return removing(id, e -> e.removalResumed(OperatorOutcomes.RETRIED_MESSAGE, clock.instant()));
    }

    private boolean removing(UUID id, Consumer<EndpointRegistration> transition) {
        EndpointRegistration registration = registrations.lockById(id).orElse(null);
        if (registration == null || registration.status() != EndpointStatus.DELETING) {
            return false;
        }
        transition.accept(registration);
        registrations.save(registration);
        return true;
    }

    /**
     * Whether the connection may be approved (Azure): the endpoint is allowed on a service of the tier its
     * provider serves — on its allow list, or organization-wide ({@link AllowedEndpoints#approvable}).
     */
    @Transactional(readOnly = true)
    boolean onEligibleAllowList(UUID id) {
        return allowed.approvable(id);
    }

    private void change(UUID id, Consumer<EndpointRegistration> transition) {
        EndpointRegistration registration = registrations.lockById(id).orElse(null);
        if (registration == null || registration.status() == EndpointStatus.DELETING) {
            return;
        }
        transition.accept(registration);
        registrations.save(registration);
    }
}
