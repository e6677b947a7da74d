package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.OrganizationEndpoints.Scope;

/**
 * A registration removed from its organization is gone for good: its connection was undone and it was
 * forgotten. It carries the registration as it was last shown (status {@code Deleting}).
 *
 * @param sequence the registration's next change number after its last {@link EndpointStatusChanged}
 */
public record EndpointRemoved(UUID registrationId, UUID organizationId, CloudProvider provider, String endpointId,
                              String region, Instant at, String description, EndpointStatus status, String reasonCode,
                              String reasonMessage, String connectionState, String endpointServiceName,
                              Instant createdAt, long sequence, Scope scope) {
}
