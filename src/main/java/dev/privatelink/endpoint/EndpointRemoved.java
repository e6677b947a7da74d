package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/** A registration removed from its organization is gone for good: its connection was undone and it was forgotten. */
public record EndpointRemoved(UUID registrationId, UUID organizationId, CloudProvider provider, String endpointId,
                              String region, Instant at) {
}
