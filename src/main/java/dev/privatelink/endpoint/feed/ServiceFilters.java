package dev.privatelink.endpoint.feed;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.registration.AllowedEndpoints;
import dev.privatelink.endpoint.registration.ServiceHostnames;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.service.IpAccessEntry;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Component;

/**
 * What the feed shows per service of a provider and region: its private hostname, the Ready endpoints
 * allowed to reach it ({@link AllowedEndpoints}: its allow list and the organization-wide ones) and its
 * public side (the public endpoint switch and the IP access list), so that a proxy can enforce
 * private-only access.
 */
@Component
class ServiceFilters {

    private final DatabaseServices services;
    private final AllowedEndpoints allowed;
    private final ServiceHostnames hostnames;

    ServiceFilters(DatabaseServices services, AllowedEndpoints allowed, ServiceHostnames hostnames) {
        this.services = services;
        this.allowed = allowed;
        this.hostnames = hostnames;
    }

    /** Every service of the provider and region, oldest first, each with its Ready allowed endpoint ids. */
    List<ServiceFilter> inRegion(CloudProvider provider, String region) {
        Map<UUID, List<AllowedEndpoints.Allowed>> allowedOn = allowed.inRegion(provider, region);
        return services.findByProviderAndRegionOrderByCreatedAtAscIdAsc(provider, region).stream()
                .map(service -> filter(service, allowedOn.getOrDefault(service.id(), List.of())))
                .toList();
    }

    private ServiceFilter filter(DatabaseService service, List<AllowedEndpoints.Allowed> allowedOn) {
        List<String> reaching = allowedOn.stream().filter(AllowedEndpoints.Allowed::reaches)
                .map(AllowedEndpoints.Allowed::endpointId).distinct().sorted().toList();
        return new ServiceFilter(service.id(), hostnames.hostname(service), reaching, service.publicEndpointEnabled(),
                service.ipAccessList(), service.isPrivateOnly());
    }

    @Schema(description = "What the data plane lets through to one service.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceFilter(
            UUID serviceId,
            String privateDnsHostname,
            @Schema(description = "The Ready private endpoints that may reach the service: those on its allow list and "
                    + "the organization's organization-wide ones (sorted)") List<String> allowedEndpointIds,
            @Schema(description = "Whether the public endpoint is on") boolean publicEndpointEnabled,
            @Schema(description = "While the public endpoint is on, the only sources public clients may come from; empty "
                    + "admits nobody") List<IpAccessEntry> ipAccessList,
            @Schema(description = "True when no public client may reach the service (the public endpoint is off or the "
                    + "IP access list is empty): only the allowed private endpoints reach it") boolean privateOnly) {
    }
}
