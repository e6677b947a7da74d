package dev.privatelink.endpoint.setup;

import java.util.List;

import dev.privatelink.cloud.CloudProvider;

/**
 * What we know about a service's private side, for the customer's setup.
 *
 * @param serviceKey        the first label of its hostname, stable and DNS-safe: names the customer's resources
 * @param endpointServiceId AWS service name, Azure alias
 * @param dnsZone           the zone of the private hostnames in the service's provider and region
 * @param ports             AWS: the ports the endpoint's security groups must allow
 * @param servicePath       the service's URL in this API ({@code https://…/v1/organizations/{orgId}/services/{serviceId}})
 */
public record SetupFacts(CloudProvider provider, String region, String serviceName, String serviceKey,
                         String endpointServiceId, String privateDnsHostname, String dnsZone, List<Integer> ports,
                         String servicePath) {
}
