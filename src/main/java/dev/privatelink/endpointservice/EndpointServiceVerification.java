package dev.privatelink.endpointservice;

import org.springframework.stereotype.Component;

/** Confirms an operator-registered endpoint service through the cloud, asynchronously. */
@Component
class EndpointServiceVerification {

    /** Starts the verification inside the caller's transaction. */
    void start(EndpointService service) {
        // runs on the workflow engine once it is merged
    }
}
