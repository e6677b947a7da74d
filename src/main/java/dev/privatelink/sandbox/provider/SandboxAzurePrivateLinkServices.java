package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceCreation;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxService;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Azure Private Link in the sandbox, the platform's side: its Private Link Services and the
 * connections customers' private endpoints make to them (the customer's side is
 * {@code sandbox.customer.CustomerPrivateEndpoints}). Active unless the real Azure adapter is enabled
 * ({@code privatelink.clouds.azure.enabled=true}).
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.azure", name = "enabled", havingValue = "false", matchIfMissing = true)
public class SandboxAzurePrivateLinkServices extends SandboxCloud implements EndpointServiceCreation {

    private static final int NAME_ATTEMPTS = 5;

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
    public EndpointServiceDescription createEndpointService(String account, String region, String idempotencyToken) {
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
                    return existing.get().describe(now(), settings.latency());
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
}
