package dev.privatelink.cloud.azure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Settings of the real Azure backend ({@code privatelink.clouds.azure.*}). Without
 * {@code enabled=true} none of its beans exist and the sandbox serves Azure.
 *
 * @param enabled          whether the Azure SDK adapter serves Azure
 * @param tenantId         Entra ID tenant for {@code DefaultAzureCredential}; empty = the credential's own default
 * @param subscriptionId   the platform's default subscription
 * @param regions          per Azure region: subscription (when not the default), resource group of its Private
 *                         Link Services and the services published there
 * @param privateDns       where the platform's Private DNS zones live
 * @param endpointOverride the Azure Resource Manager URL, for tests against a stub; empty = public Azure
 * @param connectTimeout   TCP connect timeout towards ARM
 * @param responseTimeout  how long one ARM request may wait for its response before it counts as a timeout
 */
@ConfigurationProperties("privatelink.clouds.azure")
public record AzureCloudProperties(
        boolean enabled,
        String tenantId,
        String subscriptionId,
        Map<String, Region> regions,
        PrivateDns privateDns,
        URI endpointOverride,
        Duration connectTimeout,
        Duration responseTimeout) {

    public AzureCloudProperties {
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        privateDns = privateDns == null ? new PrivateDns(null, null) : privateDns;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(20) : responseTimeout;
    }

    /**
     * @param subscriptionId        subscription of this region's Private Link Services; empty = the default one
     * @param resourceGroup         resource group holding them
     * @param privateLinkServiceIds resource ids of the Private Link Services published in this region
     */
    public record Region(String subscriptionId, String resourceGroup, List<String> privateLinkServiceIds) {

        public Region {
            privateLinkServiceIds = privateLinkServiceIds == null ? List.of() : List.copyOf(privateLinkServiceIds);
        }
    }

    /**
     * @param subscriptionId subscription of the Private DNS zones; empty = the default one
     * @param resourceGroup  resource group of the zones, used when a zone is named rather than given by resource id
     */
    public record PrivateDns(String subscriptionId, String resourceGroup) {
    }

    /** The region's settings, or empty ones when the region is not configured. */
    Region region(String region) {
        return regions.getOrDefault(region, new Region(null, null, null));
    }

    /** The subscription serving {@code region}: its own when set, else the default. */
    String subscriptionFor(String region) {
        String own = region(region).subscriptionId();
        return StringUtils.hasText(own) ? own : subscriptionId;
    }

    String privateDnsSubscription() {
        return StringUtils.hasText(privateDns.subscriptionId()) ? privateDns.subscriptionId() : subscriptionId;
    }
}
