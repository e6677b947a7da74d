package dev.privatelink.endpoint;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.workflow.Workflows;
import org.springframework.stereotype.Component;

/**
 * Starts, supersedes and stops the workflows behind a registration, inside the caller's transaction
 * (they run once it commits, and never if it rolls back).
 */
@Component
class RegistrationRuns {

    private final Workflows workflows;

    RegistrationRuns(Workflows workflows) {
        this.workflows = workflows;
    }

    /** A new registration: find its connection and accept it. */
    void start(PrivateEndpoint endpoint) {
        workflows.start(RegistrationWorkflow.NAME, endpoint.id());
    }

    /** Registered again: whatever ran for it is superseded by a fresh run. */
    void restart(PrivateEndpoint endpoint) {
        workflows.cancelFor(null, endpoint.id());
        workflows.start(RegistrationWorkflow.NAME, endpoint.id());
    }

    /** Put on an allow list: an Azure endpoint waiting for exactly that is looked at again now. */
    void allowListed(PrivateEndpoint endpoint) {
        if (endpoint.provider() == CloudProvider.AZURE && endpoint.status() == EndpointStatus.PENDING_ACCEPTANCE) {
            restart(endpoint);
        }
    }

    /** Removed from the organization: a running registration stops, and the removal starts. */
    void remove(PrivateEndpoint endpoint) {
        workflows.cancelFor(null, endpoint.id());
        workflows.start(RemovalWorkflow.NAME, endpoint.id());
    }
}
