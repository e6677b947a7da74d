package dev.privatelink.sandbox.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.sandbox.model.SandboxConnection;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxService;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The customer's side of Azure Private Link in the sandbox: private endpoints a customer creates in
 * their own VNet with a manual connection request to a Private Link Service alias, reads and deletes.
 * Any API key plays the customer; an organization sees only its own endpoints.
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.azure", name = "enabled", havingValue = "false", matchIfMissing = true)
class CustomerPrivateEndpoints extends CustomerEndpoints {

    private static final String CUSTOMER_RESOURCE_GROUP = "sandbox-customer";

    CustomerPrivateEndpoints(SandboxServices services, SandboxConnections connections, SandboxSettings settings, Clock clock) {
        super(services, connections, settings, clock);
    }

    @Override
    CloudProvider provider() {
        return CloudProvider.AZURE;
    }

    /** The customer creates a private endpoint with a manual connection request to a Private Link Service alias. */
    PrivateEndpoint createPrivateEndpoint(Caller caller, String alias, String region) {
        if (!CloudRegions.isRegion(CloudProvider.AZURE, region)) {
            throw ApiException.badRequest("region '" + region + "' is not an Azure region");
        }
        SandboxService service = services.findByName(CloudProvider.AZURE, alias.strip())
                .orElseThrow(() -> ApiException.notFound("The private link service alias '" + alias
                        + "' could not be resolved: no Private Link Service has it"));
        String resourceGuid = SandboxIds.azureResourceGuid();
        String peName = "pe-" + resourceGuid.substring(0, 8);
        String subscription = caller.organizationId().toString();
        String resourceId = "/subscriptions/" + subscription + "/resourceGroups/" + CUSTOMER_RESOURCE_GROUP
                + "/providers/Microsoft.Network/privateEndpoints/" + peName;
        SandboxConnection endpoint = SandboxConnection.newAzure(resourceGuid, service.serviceId(), resourceId, peName,
                region, subscription, caller.organizationId(), SandboxIds.azurePrivateIp(), now());
        connections.insert(endpoint);
        return view(endpoint, service);
    }

    PrivateEndpoint privateEndpoint(Caller caller, UUID resourceGuid) {
        SandboxConnection endpoint = visibleEndpoint(caller, resourceGuid);
        return view(endpoint, services.find(CloudProvider.AZURE, endpoint.serviceId()).orElseThrow());
    }

    /** The customer deletes the private endpoint: its connection on the service becomes Disconnected. */
    PrivateEndpoint deletePrivateEndpoint(Caller caller, UUID resourceGuid) {
        SandboxConnection endpoint = deleteEndpoint(visibleEndpoint(caller, resourceGuid));
        return view(endpoint, services.find(CloudProvider.AZURE, endpoint.serviceId()).orElseThrow());
    }

    private SandboxConnection visibleEndpoint(Caller caller, UUID resourceGuid) {
        return connections.find(CloudProvider.AZURE, resourceGuid.toString())
                .filter(e -> caller.isOperator() || caller.organizationId().equals(e.organizationId()))
                .orElseThrow(() -> ApiException.notFound("The private endpoint with resourceGuid '" + resourceGuid + "' was not found"));
    }

    private PrivateEndpoint view(SandboxConnection endpoint, SandboxService service) {
        Instant now = now();
        return new PrivateEndpoint(endpoint.endpointId(), endpoint.endpointResourceId(), endpoint.connectionName(),
                endpoint.privateIp(), service.serviceName(), endpoint.region(),
                endpoint.cloudState(now, settings.latency()), endpoint.createdAt());
    }

    /**
     * The customer's view of a private endpoint.
     *
     * @param connectionState Pending, Approved, Rejected or Disconnected
     */
    @Schema(name = "SandboxPrivateEndpoint")
    record PrivateEndpoint(String resourceGuid, String resourceId, String connectionName, String privateIpAddress,
                           String privateLinkServiceAlias, String region, String connectionState, Instant createdAt) {
    }
}
