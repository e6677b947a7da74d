package dev.privatelink.cloud.azure;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.resourcemanager.network.fluent.PrivateLinkServicesClient;
import com.azure.resourcemanager.network.fluent.models.PrivateEndpointConnectionInner;
import com.azure.resourcemanager.network.fluent.models.PrivateLinkServiceInner;
import com.azure.resourcemanager.network.models.PrivateLinkServiceConnectionState;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.StringUtils;

/**
 * The platform's Azure Private Link Services through the Azure SDK (Microsoft.Network). Each method
 * is one ARM request (a listing may follow {@code nextLink} pages) through {@link CloudCallGuard}.
 * Azure Private Link is cross-region by design and has no private DNS name verification: those
 * capabilities are AWS's alone and are not implemented here.
 */
public class AzurePrivateLinkServices implements CloudEndpointServices, CloudEndpointConnections {

    private static final Logger log = LoggerFactory.getLogger(AzurePrivateLinkServices.class);

    static final String APPROVED = "Approved";
    static final String REJECTED = "Rejected";
    static final String APPROVAL_DESCRIPTION = "Approved: the private endpoint is registered with the platform";

    /** Azure names a connection on a Private Link Service {@code <privateEndpointName>.<resourceGuid>}. */
    private static final Pattern GUID_SUFFIX = Pattern.compile(
            "\\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");
    private static final Pattern SUBSCRIPTION = Pattern.compile("^/subscriptions/([^/]+)/", Pattern.CASE_INSENSITIVE);

    private final AzureCloudProperties properties;
    private final AzureSubscriptions subscriptions;
    private final CloudCallGuard guard;
    private final AzureErrors errors;

    public AzurePrivateLinkServices(AzureCloudProperties properties, AzureSubscriptions subscriptions,
                                    CloudCallGuard guard, AzureErrors errors) {
        this.properties = properties;
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.errors = errors;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AZURE;
    }

    @Override
    public String backendName() {
        return "azure-sdk";
    }

    @Override
    public EndpointServiceDescription describeEndpointService(EndpointServiceRef ref) {
        Address pls = address(ref);
        PrivateLinkServiceInner service = guard.call(pls.site(ApiClass.AZURE_ARM_READ, "PrivateLinkServices_Get"),
                () -> client(pls).getByResourceGroup(pls.resourceGroup(), pls.name()), errors);
        String state = service.provisioningState() == null ? null : service.provisioningState().toString();
        String region = StringUtils.hasText(service.location()) ? service.location() : ref.region();
        return new EndpointServiceDescription(
                new EndpointServiceRef(CloudProvider.AZURE, ref.account(), region, ref.cloudResourceId()),
                service.alias(), state, "Succeeded".equalsIgnoreCase(state),
                Set.of(), null, null);
    }

    @Override
    public List<EndpointConnection> listConnections(EndpointServiceRef ref) {
        Address pls = address(ref);
        return guard.call(pls.site(ApiClass.AZURE_ARM_READ, "PrivateLinkServices_ListPrivateEndpointConnections"),
                () -> client(pls).listPrivateEndpointConnections(pls.resourceGroup(), pls.name()).stream()
                        .map(AzurePrivateLinkServices::connection)
                        .toList(),
                errors);
    }

    /**
     * Approves the connection. A connection the caller already saw Approved is left alone: an ARM
     * write costs budget (10/s per subscription) and Azure would only answer with the same state.
     */
    @Override
    public void acceptConnection(EndpointServiceRef ref, EndpointConnection connection) {
        if (connection.state() == ConnectionState.AVAILABLE) {
            return;
        }
        setStatus(ref, connection, APPROVED, APPROVAL_DESCRIPTION);
    }

    /**
     * Rejects the connection. One that is gone by the time ARM gets the call (its private endpoint was
     * deleted after we listed it: ARM answers 404), or that ARM refuses to change because it is closed
     * now ({@link ConnectionState#isClosed}: Disconnected, found by listing again), can reach nothing any
     * more, which is what a reject is for: done. One Azure is still changing answers 409, which is
     * retried (the next listing shows it disconnected or gone).
     */
    @Override
    public void rejectConnection(EndpointServiceRef ref, EndpointConnection connection, String reason) {
        try {
            setStatus(ref, connection, REJECTED, StringUtils.hasText(reason) ? reason : REJECTED);
        } catch (CloudException e) {
            boolean closedMeanwhile = e.kind() == CloudErrorKind.NOT_FOUND
                    || (e.kind() == CloudErrorKind.TERMINAL && listConnections(ref).stream()
                    .filter(c -> c.matches(connection.endpointId()))
                    .findFirst().map(c -> c.state().isClosed()).orElse(true));
            if (!closedMeanwhile) {
                throw e;
            }
            log.debug("Connection {} was closed or gone before it was rejected", connection.connectionName());
        }
    }

    /**
     * Removes a connection from the Private Link Service (the customer's private endpoint then shows
     * Disconnected). Starts the deletion and returns; deleting a connection that is gone is not an error.
     */
    public void deleteConnection(EndpointServiceRef ref, EndpointConnection connection) {
        Address pls = address(ref);
        String name = connectionName(pls, connection);
        try {
            guard.run(pls.site(ApiClass.AZURE_ARM_WRITE, "PrivateLinkServices_DeletePrivateEndpointConnection"),
                    // the initial DELETE only (200, 202 or 204): no polling of the asynchronous operation
                    () -> client(pls).deletePrivateEndpointConnectionWithResponseAsync(pls.resourceGroup(), pls.name(), name)
                            .flatMap(response -> response.getValue().then())
                            .block(),
                    errors);
        } catch (CloudException e) {
            if (e.kind() != CloudErrorKind.NOT_FOUND) {
                throw e;
            }
            log.debug("Connection {} on {} was already gone", name, pls.name());
        }
    }

    private void setStatus(EndpointServiceRef ref, EndpointConnection connection, String status, String description) {
        Address pls = address(ref);
        String name = connectionName(pls, connection);
        PrivateEndpointConnectionInner update = new PrivateEndpointConnectionInner()
                .withName(name)
                .withPrivateLinkServiceConnectionState(new PrivateLinkServiceConnectionState()
                        .withStatus(status)
                        .withDescription(description));
        guard.call(pls.site(ApiClass.AZURE_ARM_WRITE, "PrivateLinkServices_UpdatePrivateEndpointConnection"),
                () -> client(pls).updatePrivateEndpointConnection(pls.resourceGroup(), pls.name(), name, update), errors);
    }

    static EndpointConnection connection(PrivateEndpointConnectionInner inner) {
        PrivateLinkServiceConnectionState connectionState = inner.privateLinkServiceConnectionState();
        String status = connectionState == null ? null : connectionState.status();
        String endpointResourceId = inner.privateEndpoint() == null ? null : inner.privateEndpoint().id();
        return new EndpointConnection(
                endpointGuid(inner.name()),
                endpointResourceId,
                inner.name(),
                status,
                ConnectionState.ofAzure(status, inner.provisioningState() == null ? null : inner.provisioningState().toString()),
                inner.privateEndpointLocation(),
                subscriptionOf(endpointResourceId),
                null);
    }

    /**
     * The private endpoint's {@code resourceGuid}, which customers register (it is what the Azure
     * portal shows them): the suffix of the connection name. {@code null} when the name does not end
     * in a GUID (connections are then matched by the private endpoint's resource id only).
     */
    static String endpointGuid(String connectionName) {
        if (connectionName == null) {
            return null;
        }
        Matcher matcher = GUID_SUFFIX.matcher(connectionName);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static String subscriptionOf(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        Matcher matcher = SUBSCRIPTION.matcher(resourceId);
        return matcher.find() ? matcher.group(1) : null;
    }

    private String connectionName(Address pls, EndpointConnection connection) {
        if (connection == null || !StringUtils.hasText(connection.connectionName())) {
            throw new CloudException(CloudProvider.AZURE, "updateConnection", "MissingConnectionName", CloudErrorKind.TERMINAL,
                    "An Azure connection is addressed by its name on the Private Link Service " + pls.name()
                            + "; take the connection from listConnections");
        }
        return connection.connectionName();
    }

    private PrivateLinkServicesClient client(Address pls) {
        return subscriptions.privateLinkServices(pls.subscriptionId());
    }

    /** The configured Private Link Services, bare names resolved to full resource ids. */
    @Override
    public List<EndpointServiceRef> configuredEndpointServices() {
        return properties.regions().entrySet().stream()
                .flatMap(region -> region.getValue().privateLinkServiceIds().stream().map(id -> {
                    Address address = address(new EndpointServiceRef(CloudProvider.AZURE, null, region.getKey(), id));
                    String resourceId = id.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length())
                            ? id : address.resourceId();
                    return new EndpointServiceRef(CloudProvider.AZURE, address.subscriptionId(), region.getKey(), resourceId);
                }))
                .toList();
    }

    /**
     * Where a Private Link Service lives. A full resource id says everything; a bare name is looked
     * up in the region's configured subscription and resource group.
     */
    Address address(EndpointServiceRef ref) {
        String id = ref.cloudResourceId();
        if (!StringUtils.hasText(id)) {
            throw invalid(ref, "the reference has no Private Link Service id");
        }
        if (id.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length())) {
            ResourceId parsed;
            try {
                parsed = ResourceId.fromString(id);
            } catch (RuntimeException e) {
                throw invalid(ref, "'" + id + "' is not an Azure resource id");
            }
            if (!"privateLinkServices".equalsIgnoreCase(parsed.resourceType())) {
                throw invalid(ref, "'" + id + "' is not a Private Link Service (Microsoft.Network/privateLinkServices)");
            }
            return new Address(parsed.subscriptionId(), parsed.resourceGroupName(), parsed.name(), ref.region());
        }
        String subscription = StringUtils.hasText(ref.account()) ? ref.account() : properties.subscriptionFor(ref.region());
        String resourceGroup = properties.region(ref.region()).resourceGroup();
        if (!StringUtils.hasText(subscription) || !StringUtils.hasText(resourceGroup)) {
            throw invalid(ref, "Private Link Service '" + id + "' is a bare name, and privatelink.clouds.azure.regions."
                    + ref.region() + " has no subscription-id and resource-group to find it in");
        }
        return new Address(subscription, resourceGroup, id, ref.region());
    }

    private static CloudException invalid(EndpointServiceRef ref, String why) {
        return new CloudException(CloudProvider.AZURE, "resolvePrivateLinkService", "InvalidPrivateLinkServiceId",
                CloudErrorKind.TERMINAL, "Azure endpoint service in " + ref.region() + ": " + why);
    }

    record Address(String subscriptionId, String resourceGroup, String name, String region) {

        String resourceId() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.Network/privateLinkServices/" + name;
        }

        CallSite site(ApiClass apiClass, String operation) {
            return new CallSite(CloudProvider.AZURE, subscriptionId, region, apiClass, operation);
        }
    }
}
