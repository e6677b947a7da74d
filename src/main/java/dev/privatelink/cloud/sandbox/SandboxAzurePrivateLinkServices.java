package dev.privatelink.cloud.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Azure Private Link in the sandbox: the platform's Private Link Services and the customers'
 * private endpoints with their connections on them. Active unless the real Azure adapter is enabled
 * ({@code privatelink.clouds.azure.enabled=true}).
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.azure", name = "enabled", havingValue = "false", matchIfMissing = true)
public class SandboxAzurePrivateLinkServices extends SandboxCloud {

    private static final int NAME_ATTEMPTS = 5;
    private static final String CUSTOMER_RESOURCE_GROUP = "sandbox-customer";

    SandboxAzurePrivateLinkServices(SandboxServices services, SandboxConnections connections, SandboxCalls calls,
                                    SandboxSettings settings, Clock clock) {
        super(services, connections, calls, settings, clock);
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AZURE;
    }

    @Override
    String defaultAccount() {
        return settings.azureSubscription();
    }

    /**
     * Creates {@code production-<region>-<n>-0}, n counting the region's services, with an alias
     * {@code <name>.<guid>.<region>.azure.privatelinkservice} as Azure makes them.
     */
    @Override
    public Optional<EndpointServiceDescription> createEndpointService(String account, String region, String idempotencyToken) {
        return calls.call(CloudProvider.AZURE, "createEndpointService", region, () -> {
            if (region == null || !CloudRegions.isRegion(CloudProvider.AZURE, region)) {
                throw new CloudException(CloudProvider.AZURE, "createEndpointService", "LocationNotAvailableForResourceType",
                        CloudErrorKind.TERMINAL, "The provided location '" + region + "' is not available for resource type "
                        + "'Microsoft.Network/privateLinkServices'.");
            }
            String subscription = account == null ? defaultAccount() : account;
            String token = idempotencyToken == null ? UUID.randomUUID().toString() : idempotencyToken;
            for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
                Optional<SandboxService> existing = services.findByToken(CloudProvider.AZURE, token);
                if (existing.isPresent()) {
                    return Optional.of(existing.get().describe(now(), settings.latency()));
                }
                // a concurrent create may take the same number: the unique id makes one of us retry with the next
                String name = "production-" + region + "-" + services.countInRegion(CloudProvider.AZURE, region) + "-0";
                String resourceId = "/subscriptions/" + subscription + "/resourceGroups/privatelink-" + region
                        + "/providers/Microsoft.Network/privateLinkServices/" + name;
                String alias = name + "." + UUID.randomUUID() + "." + region + ".azure.privatelinkservice";
                services.insertIfAbsent(new SandboxService(resourceId, CloudProvider.AZURE, subscription, region, alias,
                        SandboxService.AZURE_SUCCEEDED, Set.of(), null, null, null, null, null, token, now()));
            }
            throw new IllegalStateException("could not create a sandbox private link service for token " + token);
        });
    }

    /** Azure Private Link is cross-region by design: nothing to do. */
    @Override
    public void allowConsumerRegion(EndpointServiceRef ref, String consumerRegion) {
        calls.run(CloudProvider.AZURE, "allowConsumerRegion", ref.region(), () -> service("allowConsumerRegion", ref));
    }

    /** Azure has no domain verification on a Private Link Service. */
    @Override
    public Optional<DomainVerification> setPrivateDnsName(EndpointServiceRef ref, String privateDnsName) {
        return calls.call(CloudProvider.AZURE, "setPrivateDnsName", ref.region(), () -> {
            service("setPrivateDnsName", ref);
            return Optional.empty();
        });
    }

    @Override
    public void startPrivateDnsVerification(EndpointServiceRef ref) {
        calls.run(CloudProvider.AZURE, "startPrivateDnsVerification", ref.region(), () -> service("startPrivateDnsVerification", ref));
    }

    @Override
    CloudException serviceNotFound(String operation, EndpointServiceRef ref) {
        return new CloudException(CloudProvider.AZURE, operation, "ResourceNotFound", CloudErrorKind.NOT_FOUND,
                "The Resource '" + ref.cloudResourceId() + "' was not found.");
    }

    @Override
    CloudException connectionNotFound(String operation, EndpointConnection connection) {
        String name = connection.connectionName() != null ? connection.connectionName() : connection.endpointId();
        return new CloudException(CloudProvider.AZURE, operation, "NotFound", CloudErrorKind.NOT_FOUND,
                "Private endpoint connection '" + name + "' was not found on this private link service.");
    }

    // ---- the customer's side (sandbox API) ----

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
    record PrivateEndpoint(String resourceGuid, String resourceId, String connectionName, String privateIpAddress,
                           String privateLinkServiceAlias, String region, String connectionState, Instant createdAt) {
    }
}
