package dev.privatelink.cloud;

import java.time.Instant;

/**
 * One connection from a customer endpoint to one of our endpoint services.
 *
 * @param endpointId          the id customers register: AWS {@code vpce-…}; Azure private endpoint {@code resourceGuid}
 * @param endpointResourceId  Azure: the private endpoint's resource id (customers may register that instead); AWS: {@code null}
 * @param connectionName      Azure: the connection's name on the Private Link Service (needed to update it); AWS: {@code null}
 * @param cloudState          the cloud's own word ({@code pendingAcceptance}, {@code Approved}, …), shown to users as is
 * @param state               the same, normalised
 * @param endpointRegion      the region the endpoint lives in, when the cloud says (AWS cross-region, Azure location)
 * @param ownerId             AWS account id or Azure subscription of the customer, when known
 * @param createdAt           when the cloud saw the connection first, when known
 */
public record EndpointConnection(
        String endpointId,
        String endpointResourceId,
        String connectionName,
        String cloudState,
        ConnectionState state,
        String endpointRegion,
        String ownerId,
        Instant createdAt) {

    /** Whether a registration with this id (vpce id, resourceGuid or Azure resource id, any case) means this connection. */
    public boolean matches(String registeredId) {
        return registeredId.equalsIgnoreCase(endpointId)
                || (endpointResourceId != null && registeredId.equalsIgnoreCase(endpointResourceId));
    }
}
