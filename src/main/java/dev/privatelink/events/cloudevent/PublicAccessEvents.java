package dev.privatelink.events.cloudevent;

import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.service.IpAccessEntry;
import dev.privatelink.service.PublicAccessChanged;

/**
 * A service's public-side changes as CloudEvents of type {@code privatelink.publicaccess.changed},
 * subject {@code services/<serviceId>} ({@code GET <source>/<subject>} shows the service with its
 * {@code publicEndpointEnabled} and {@code ipAccessList}); the data is the public side after the change
 * and before it.
 */
public final class PublicAccessEvents {

    private PublicAccessEvents() {
    }

    public static ResourceEvent of(PublicAccessChanged c) {
        return new ResourceEvent(c.organizationId(), EventTypes.PUBLIC_ACCESS_CHANGED, "services/" + c.serviceId(),
                c.sequence(), c.at(), new PublicAccess(c.serviceId(), c.provider(), c.region(), c.publicEndpointEnabled(),
                c.ipAccessList(), c.previousPublicEndpointEnabled(), c.previousIpAccessList()));
    }

    public record PublicAccess(UUID serviceId, CloudProvider provider, String region, boolean publicEndpointEnabled,
                               List<IpAccessEntry> ipAccessList, boolean previousPublicEndpointEnabled,
                               List<IpAccessEntry> previousIpAccessList) {
    }
}
