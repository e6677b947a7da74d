package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.OrganizationEndpoints.Scope;

/**
 * A registration's status changed: recorded by the registration on every legal transition and
 * published when it is saved, in the transaction that changed it. It carries the registration as
 * {@code GET …/privateEndpoints/{id}} shows it at that moment, so that consumers never need to read it
 * again (and could not: by the time they run it may have changed).
 *
 * @param previous            {@code null} for a new registration
 * @param reasonCode          why, when there is a reason ({@code NEVER_CONNECTED}, the cloud's error code, …)
 * @param endpointServiceName the endpoint service it connected to (AWS service name, Azure alias), once found
 * @param attachedServiceIds  the services whose allow lists hold it
 * @param sequence            1, 2, 3, … for the changes of one registration, in the order they committed
 * @param scope               where it is allowed: on the services whose allow lists hold it, or organization-wide
 */
public record EndpointStatusChanged(UUID registrationId, UUID organizationId, CloudProvider provider, String endpointId,
                                    String region, EndpointStatus previous, EndpointStatus status, String reasonCode,
                                    String reasonMessage, Instant at, String description, String connectionState,
                                    String endpointServiceName, List<UUID> attachedServiceIds, Instant createdAt,
                                    long sequence, Scope scope) {

    /** Whether the endpoint started or stopped being usable: what the data plane must hear of. */
    public boolean changesReadiness() {
        return (previous == EndpointStatus.READY) != (status == EndpointStatus.READY);
    }
}
