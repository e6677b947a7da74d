package dev.privatelink.events.cloudevent;

import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.AllowListChanged;

/**
 * A service's allow-list changes as CloudEvents of type {@code privatelink.allowlist.changed}, subject
 * {@code services/<serviceId>/privateEndpointIds}; the data is the list after the change (as
 * {@code GET …/services/{id}} shows it in {@code privateEndpointIds}) and what was added and removed.
 */
public final class AllowListEvents {

    private AllowListEvents() {
    }

    public static ResourceEvent of(AllowListChanged c) {
        return new ResourceEvent(c.organizationId(), EventTypes.ALLOW_LIST_CHANGED,
                "services/" + c.serviceId() + "/privateEndpointIds", c.sequence(), c.at(),
                new AllowList(c.serviceId(), c.serviceName(), c.provider(), c.region(), c.privateEndpointIds(), c.added(),
                        c.removed()));
    }

    public record AllowList(UUID serviceId, String serviceName, CloudProvider provider, String region,
                            List<String> privateEndpointIds, List<String> added, List<String> removed) {
    }
}
