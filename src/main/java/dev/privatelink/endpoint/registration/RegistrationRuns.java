package dev.privatelink.endpoint.registration;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.workflow.Workflows;
import org.springframework.stereotype.Component;

/**
 * Starts, supersedes and stops the workflows behind a registration, inside the caller's transaction
 * (they run once it commits, and never if it rolls back).
 */
@Component
public class RegistrationRuns {

    /** Finds the endpoint's connection on our endpoint services and accepts it. */
    public static final String REGISTER = "inbound-endpoint.register";
    /** Undoes a registration: disconnects the endpoint, takes it off every allow list and forgets it. */
    public static final String REMOVE = "inbound-endpoint.remove";

    private final Workflows workflows;

    RegistrationRuns(Workflows workflows) {
        this.workflows = workflows;
    }

    /** A new registration: find its connection and accept it. */
    void start(EndpointRegistration endpoint) {
        workflows.start(REGISTER, endpoint.id());
    }

    /** Registered again: whatever ran for it is superseded by a fresh run. */
    void restart(EndpointRegistration endpoint) {
        workflows.cancelFor(null, endpoint.id());
        workflows.start(REGISTER, endpoint.id());
    }

    /** Put on an allow list: a connection waiting for exactly that (Azure) is looked at again now. */
    void allowListed(EndpointRegistration endpoint) {
        if (Eligibility.approvalNeedsAllowList(endpoint.provider()) && endpoint.status() == EndpointStatus.PENDING_ACCEPTANCE) {
            restart(endpoint);
        }
    }

    /** Whether its removal is under way (not stopped by the operator or stuck). */
    boolean removing(EndpointRegistration endpoint) {
        return workflows.anyActiveFor(endpoint.id());
    }

    /** Removed again while its removal was stopped: the removal runs again. */
    void resumeRemoval(EndpointRegistration endpoint) {
        workflows.start(REMOVE, endpoint.id());
    }

    /** Removed from the organization: a running registration stops, and the removal starts. */
    void remove(EndpointRegistration endpoint) {
        workflows.cancelFor(null, endpoint.id());
        workflows.start(REMOVE, endpoint.id());
    }
}
