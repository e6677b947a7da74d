package dev.privatelink.cloud;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

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

    /**
     * Adds {@code regions} in one request; when the cloud refuses that request terminally (it refuses it as
     * a whole for one bad region), asks for each region on its own, so the others are still added and the
     * refused ones are named. A failure that is not terminal propagates.
     *
     * @param add one request adding a set of regions
     * @return the regions refused, each with its error
     */
    static Map<String, CloudException> addAllOrEach(Set<String> regions, Consumer<Set<String>> add) {
        try {
            add.accept(regions);
            return Map.of();
        } catch (CloudException e) {
            if (!e.isTerminal()) {
                throw e;
            }
            if (regions.size() == 1) {
                return Map.of(regions.iterator().next(), e);
            }
        }
        Map<String, CloudException> refused = new TreeMap<>();
        for (String region : regions) {
            try {
                add.accept(Set.of(region));
            } catch (CloudException e) {
                if (!e.isTerminal()) {
                    throw e;
                }
                refused.put(region, e);
            }
        }
        return refused;
    }
}
