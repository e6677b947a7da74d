package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/**
 * A service's allow list changed ({@code privateEndpointIds}), in the transaction that changed it.
 *
 * @param added   endpoint ids put on the list
 * @param removed endpoint ids taken off it
 */
public record AllowListChanged(UUID serviceId, UUID organizationId, CloudProvider provider, String region,
                               List<String> added, List<String> removed, Instant at) {
}
