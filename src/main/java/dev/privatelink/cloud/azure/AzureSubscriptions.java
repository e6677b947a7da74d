package dev.privatelink.cloud.azure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.PrivateLinkServicesClient;
import com.azure.resourcemanager.privatedns.PrivateDnsZoneManager;
import com.azure.resourcemanager.privatedns.fluent.RecordSetsClient;
import dev.privatelink.cloud.resilience.CloudCallGuard;

/**
 * The Azure SDK clients, one {@link NetworkManager} and one {@link PrivateDnsZoneManager} per
 * subscription, built on first use and then reused (each holds an HTTP pipeline and a token cache).
 */
final class AzureSubscriptions {

    /**
     * The SDK makes exactly one HTTP attempt per call. Retries belong to {@code CloudCallGuard}: it
     * draws a rate-limit permit per attempt, counts attempts, and reschedules on a 429 instead of
     * sleeping on the thread. The SDK's default (exponential, 3 retries, honouring Retry-After by
     * sleeping) would multiply with the guard's retries (up to 4 HTTP requests per guarded attempt)
     * and spend ARM budget the guard never saw.
     */
    static final int SDK_RETRIES = 0;

    private static final RetryOptions NO_SDK_RETRIES = new RetryOptions(new FixedDelayOptions(SDK_RETRIES, Duration.ZERO));

    private final AzureCloudProperties properties;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final AzureEnvironment environment;
    private final Map<String, NetworkManager> networks = new ConcurrentHashMap<>();
    private final Map<String, PrivateDnsZoneManager> privateDns = new ConcurrentHashMap<>();

    AzureSubscriptions(AzureCloudProperties properties, TokenCredential credential, HttpClient httpClient) {
        this.properties = properties;
        this.credential = credential;
        this.httpClient = httpClient;
        this.environment = environment(properties);
    }

    PrivateLinkServicesClient privateLinkServices(String subscriptionId) {
        return networks.computeIfAbsent(subscriptionId, id -> NetworkManager.configure()
                        .withHttpClient(httpClient)
                        .withRetryOptions(NO_SDK_RETRIES)
                        .authenticate(credential, profile(id)))
                .serviceClient()
                .getPrivateLinkServices();
    }

    RecordSetsClient recordSets(String subscriptionId) {
        return privateDns.computeIfAbsent(subscriptionId, id -> PrivateDnsZoneManager.configure()
                        .withHttpClient(httpClient)
                        .withRetryOptions(NO_SDK_RETRIES)
                        .authenticate(credential, profile(id)))
                .serviceClient()
                .getRecordSets();
    }

    private AzureProfile profile(String subscriptionId) {
        return new AzureProfile(properties.tenantId(), subscriptionId, environment);
    }

    /** Public Azure, or a copy of it whose Resource Manager URL points at {@code endpoint-override}. */
    private static AzureEnvironment environment(AzureCloudProperties properties) {
        if (properties.endpointOverride() == null) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        String url = properties.endpointOverride().toString();
        endpoints.put("resourceManagerEndpointUrl", url.endsWith("/") ? url : url + "/");
        return new AzureEnvironment(endpoints);
    }
}
