package dev.privatelink.endpoint.registration;

import java.util.List;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.service.DatabaseService;
import org.springframework.stereotype.Component;

/**
 * The private DNS names the platform publishes: {@code {serviceKey}.{region}.vpce.aws.{baseDomain}}
 * and {@code {serviceKey}.{region}.privatelink.azure.{baseDomain}} (Azure customers create the zone
 * {@code {region}.privatelink.azure.{baseDomain}} in their VNet). The one place for the formula.
 */
@Component
public class ServiceHostnames {

    /** Ports the customer's security groups must allow towards an AWS endpoint (seed 000). */
    public static final List<Integer> AWS_PORTS = List.of(443, 8443, 9440, 3306);

    private final String baseDomain;

    ServiceHostnames(PrivateEndpointProperties properties) {
        this.baseDomain = properties.baseDomain();
    }

    public String hostname(DatabaseService service) {
        return hostname(service.serviceKey(), service.provider(), service.region());
    }

    public String hostname(String serviceKey, CloudProvider provider, String region) {
        return serviceKey + "." + zone(provider, region);
    }

    /** The zone every hostname of a provider and region lives in. */
    public String zone(CloudProvider provider, String region) {
        return switch (provider) {
            case AWS -> region + ".vpce.aws." + baseDomain;
            case AZURE -> region + ".privatelink.azure." + baseDomain;
        };
    }
}
