package dev.privatelink.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud port for inbound private endpoints: the provider side of AWS PrivateLink (VPC endpoint
 * services) and Azure Private Link (Private Link Services). One implementation per provider and
 * backend (real SDK adapter or sandbox); {@link CloudBackends} picks the one serving each provider.
 *
 * <p>Every method is a single, idempotent, non-blocking call (no waiting for the cloud to settle:
 * workflows re-check later). Failures are {@link CloudException}s classified by {@link CloudErrorKind}.
 */
public interface EndpointServiceCloud {

    CloudProvider provider();

    /** A short name for logs and status: {@code sandbox}, {@code aws-sdk}, {@code azure-sdk}. */
    String backendName();

    /**
     * The platform's existing endpoint services named in this backend's configuration; the endpoint
     * service directory registers (and verifies) those it does not know yet at start-up. Empty for
     * backends that create their own (the sandbox).
     */
    default List<EndpointServiceRef> configuredEndpointServices() {
        return List.of();
    }

    /** Describes an existing endpoint service; {@link CloudErrorKind#NOT_FOUND} when there is none. */
    EndpointServiceDescription describeEndpointService(EndpointServiceRef ref);

    /**
     * Creates a new endpoint service in a region, where this backend can (the sandbox can; real
     * clouds need a load balancer behind it and are registered by operators instead).
     *
     * @param idempotencyToken derived from our own record, so a retry after a crash finds rather than duplicates
     * @return the new service, or empty when this backend does not create endpoint services
     */
    Optional<EndpointServiceDescription> createEndpointService(String account, String region, String idempotencyToken);

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
     * <p>The default accepts one connection after the other ({@link #acceptConnection}); clouds without
     * a batch API (Azure) keep it.
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

    /**
     * Lets consumers in {@code consumerRegion} connect (AWS cross-region: adds it to the service's
     * supported regions). No-op where the cloud needs nothing (Azure, same region).
     */
    void allowConsumerRegion(EndpointServiceRef ref, String consumerRegion);

    /**
     * Sets the endpoint service's private DNS name (AWS) and returns the TXT record that proves the
     * platform owns the domain; empty where the cloud has no such verification (Azure).
     */
    Optional<DomainVerification> setPrivateDnsName(EndpointServiceRef ref, String privateDnsName);

    /** Asks the cloud to check the TXT record now (AWS StartVpcEndpointServicePrivateDnsVerification). */
    void startPrivateDnsVerification(EndpointServiceRef ref);

    /**
     * The TXT record the cloud wants to see before it trusts a private DNS name.
     *
     * @param recordName  full name of the TXT record, e.g. {@code _12345abc.example.com}
     * @param recordValue its value
     */
    record DomainVerification(String recordName, String recordValue) {
    }
}
