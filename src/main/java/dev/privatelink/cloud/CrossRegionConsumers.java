package dev.privatelink.cloud;

/**
 * Capability of clouds where an endpoint service accepts consumers from its own region only until
 * other regions are added to it (AWS cross-region PrivateLink). Azure Private Link is cross-region by
 * design and has no such step.
 */
public interface CrossRegionConsumers {

    CloudProvider provider();

    /** Lets consumers in {@code consumerRegion} connect (adds it to the service's supported regions); idempotent. */
    void allowConsumerRegion(EndpointServiceRef ref, String consumerRegion);
}
