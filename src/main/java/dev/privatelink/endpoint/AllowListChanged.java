package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/**
 * A service's allow list changed ({@code privateEndpointIds}), in the transaction that changed it:
 * through the service API, or because a removed registration was taken off every list.
 *
 * @param added              endpoint ids put on the list
 * @param removed            endpoint ids taken off it
 * @param privateEndpointIds the whole list after the change, as {@code GET …/services/{id}} shows it
 * @param sequence           1, 2, 3, … for the changes of one service's list, in the order they committed
 */
public record AllowListChanged(UUID serviceId, UUID organizationId, CloudProvider provider, String region,
                               List<String> added, List<String> removed, Instant at, String serviceName,
                               List<String> privateEndpointIds, long sequence) {

    /** The list as it was before this change (in the order of the list after it, removals at the end). */
    public List<String> privateEndpointIdsBefore() {
        java.util.List<String> before = new java.util.ArrayList<>(privateEndpointIds);
        before.removeAll(added);
        before.addAll(removed);
        return List.copyOf(before);
    }
}
