package dev.privatelink.endpoint;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.service.DatabaseService;
import org.springframework.stereotype.Component;

/**
 * The private DNS names the platform publishes: {@code {serviceKey}.{region}.vpce.aws.{baseDomain}}
 * and {@code {serviceKey}.{region}.privatelink.azure.{baseDomain}} (Azure customers create the zone
 * {@code {region}.privatelink.azure.{baseDomain}} in their VNet).
 */
@Component
public class ServiceHostnames {

    private final String baseDomain;

    ServiceHostnames(PrivateEndpointProperties properties) {
        this.baseDomain = properties.baseDomain();
    }

    public String hostname(DatabaseService service) {
        return service.serviceKey() + "." + zone(service.provider(), service.region());
    }

    /** The zone every hostname of a provider and region lives in. */
    public String zone(CloudProvider provider, String region) {
        return switch (provider) {
            case AWS -> region + ".vpce.aws." + baseDomain;
            case AZURE -> region + ".privatelink.azure." + baseDomain;
        };
    }
}
