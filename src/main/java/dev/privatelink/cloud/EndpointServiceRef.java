package dev.privatelink.cloud;

/**
 * Addresses one of the platform's published endpoint services.
 *
 * @param provider        the cloud
 * @param account         AWS account id or Azure subscription id that owns it; {@code null} for the backend's default
 * @param region          the region it lives in, e.g. {@code us-west-2}, {@code westus3}
 * @param cloudResourceId AWS {@code vpce-svc-…} id; Azure Private Link Service resource id
 */
public record EndpointServiceRef(CloudProvider provider, String account, String region, String cloudResourceId) {
}
