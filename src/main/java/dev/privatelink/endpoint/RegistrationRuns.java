package dev.privatelink.endpoint;

import org.springframework.stereotype.Component;

/** Starts, restarts and stops the asynchronous work behind a registration. */
@Component
class RegistrationRuns {

    private final PrivateEndpoints endpoints;
    private final AllowLists allowLists;

    RegistrationRuns(PrivateEndpoints endpoints, AllowLists allowLists) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
    }

    /** A new registration: find its connection and accept it. */
    void start(PrivateEndpoint endpoint) {
    }

    /** Registered again: whatever ran for it is superseded. */
    void restart(PrivateEndpoint endpoint) {
    }

    /** Put on an allow list: an Azure endpoint waiting for that is looked at again now. */
    void allowListed(PrivateEndpoint endpoint) {
    }

    /** Removed from the organization: disconnect it, then forget it. */
    void remove(PrivateEndpoint endpoint) {
        allowLists.removeEverywhere(endpoint.id());
        endpoints.delete(endpoint);
    }
}
