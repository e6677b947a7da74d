package dev.privatelink.cloud.resilience;

import dev.privatelink.cloud.CloudProvider;

/**
 * One kind of cloud call: where it goes and which budget it draws from.
 *
 * @param provider  the cloud
 * @param account   AWS account id or Azure subscription id
 * @param region    the region addressed
 * @param apiClass  the rate-limit bucket
 * @param operation the cloud's operation name, e.g. {@code AcceptVpcEndpointConnections} (metrics, logs, errors)
 */
public record CallSite(CloudProvider provider, String account, String region, ApiClass apiClass, String operation) {
}
