package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/**
 * A registration's status changed: recorded by the registration on every legal transition and
 * published when it is saved, in the transaction that changed it.
 *
 * @param previous   {@code null} for a new registration
 * @param reasonCode why, when there is a reason ({@code NEVER_CONNECTED}, the cloud's error code, …)
 */
public record EndpointStatusChanged(UUID registrationId, UUID organizationId, CloudProvider provider, String endpointId,
                                    String region, EndpointStatus previous, EndpointStatus status, String reasonCode,
                                    String reasonMessage, Instant at) {

    /** Whether the endpoint started or stopped being usable: what the data plane must hear of. */
    public boolean changesReadiness() {
        return (previous == EndpointStatus.READY) != (status == EndpointStatus.READY);
    }
}
