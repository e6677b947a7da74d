package dev.privatelink.cloud;

import java.util.Map;
import java.util.Set;

/**
 * Capability of clouds where an endpoint service accepts consumers from its own region only until
 * other regions are added to it (AWS cross-region PrivateLink). Azure Private Link is cross-region by
 * design and has no such step.
 */
public interface CrossRegionConsumers {

    CloudProvider provider();

    /**
     * Lets consumers in each of {@code consumerRegions} connect: the regions the service does not support
     * yet are added to its supported regions in one request; idempotent. A region the cloud refuses (not
     * enabled for the account, no cross-region connectivity with the service's region) does not keep the
     * others from being added.
     *
     * @return the regions the cloud refused, each with its error; every other requested region is now supported
     * @throws CloudException when the request fails as a whole (the service is gone, throttled, unreachable)
     */
    Map<String, CloudException> allowConsumerRegions(EndpointServiceRef ref, Set<String> consumerRegions);
}
