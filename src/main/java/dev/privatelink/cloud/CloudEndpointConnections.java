package dev.privatelink.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers' endpoint connections on the platform's endpoint services (AWS VPC endpoint connections,
 * Azure private endpoint connections): observed a whole service at a time, accepted, rejected.
 *
 * <p>Every method is a single, idempotent, non-blocking call; failures are {@link CloudException}s.
 */
public interface CloudEndpointConnections {

    CloudProvider provider();

    /**
     * Every connection on one endpoint service, in whatever state. One call serves all the
     * registrations waiting on that service (batched polling keeps inside the clouds' read budgets).
     */
    List<EndpointConnection> listConnections(EndpointServiceRef ref);

    /** Accepts (AWS) or approves (Azure) a pending connection. Accepting an accepted one is not an error. */
    void acceptConnection(EndpointServiceRef ref, EndpointConnection connection);

    /**
     * Accepts (AWS) or approves (Azure) several pending connections of one endpoint service, as few
     * calls as the cloud allows (AWS: one AcceptVpcEndpointConnections per chunk of ids; the accept
     * budget is only ~1 call/s). One connection failing does not fail the others: the answer names
     * each connection that was not accepted with its classified error, and is empty when all were.
     * This method does not throw {@link CloudException}: a call that failed as a whole (throttled, our
     * rate budget, a timeout) is reported against each connection it carried.
     *
     * <p>The default accepts one connection after the other; clouds without a batch API (Azure) keep it.
     */
    default Map<EndpointConnection, CloudException> acceptConnections(EndpointServiceRef ref,
                                                                      List<EndpointConnection> connections) {
        Map<EndpointConnection, CloudException> failures = new LinkedHashMap<>();
        for (EndpointConnection connection : connections) {
            try {
                acceptConnection(ref, connection);
            } catch (CloudException e) {
                failures.put(connection, e);
            }
        }
        return failures;
    }

    /** Rejects a connection; {@code reason} is kept where the cloud has room for it (Azure description). */
    void rejectConnection(EndpointServiceRef ref, EndpointConnection connection, String reason);
}
