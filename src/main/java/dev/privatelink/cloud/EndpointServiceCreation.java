package dev.privatelink.cloud;

/**
 * Capability of backends that create endpoint services themselves: the sandbox. Real clouds need a
 * load balancer behind each one, so operators register existing services instead.
 */
public interface EndpointServiceCreation {

    CloudProvider provider();

    /**
     * Creates a new endpoint service in a region.
     *
     * @param account          the owning account or subscription; {@code null} for the backend's default
     * @param idempotencyToken derived from our own record, so a retry after a crash finds rather than duplicates
     */
    EndpointServiceDescription createEndpointService(String account, String region, String idempotencyToken);
}
