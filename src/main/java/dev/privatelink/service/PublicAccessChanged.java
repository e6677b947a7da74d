package dev.privatelink.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/**
 * A service's public side changed — its public endpoint was turned on or off, or its IP access list
 * changed — in the transaction that changed it. Plain values only, for consumers outside the service
 * module (the data-plane feed, webhooks): a proxy admits public clients only while
 * {@code publicEndpointEnabled} and only from the sources of {@code ipAccessList}.
 *
 * @param previousPublicEndpointEnabled the switch before the change
 * @param publicEndpointEnabled         the switch after it
 * @param previousIpAccessList          the IP access list before the change
 * @param ipAccessList                  the IP access list after it
 * @param sequence                      1, 2, 3, … for the public-access changes of one service, in the order they committed
 */
public record PublicAccessChanged(UUID serviceId, UUID organizationId, CloudProvider provider, String region,
                                  boolean previousPublicEndpointEnabled, boolean publicEndpointEnabled,
                                  List<IpAccessEntry> previousIpAccessList, List<IpAccessEntry> ipAccessList,
                                  Instant at, long sequence) {

    public PublicAccessChanged {
        previousIpAccessList = List.copyOf(previousIpAccessList);
        ipAccessList = List.copyOf(ipAccessList);
    }
}
