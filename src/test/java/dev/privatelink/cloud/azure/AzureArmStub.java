package dev.privatelink.cloud.azure;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stand-in Azure Resource Manager: WireMock over HTTPS (the SDK's bearer-token policy refuses plain
 * http) with its built-in self-signed certificate, a Netty client that trusts it, a fixed token, and
 * response bodies shaped as the examples of {@code Azure/azure-rest-api-specs}.
 */
final class AzureArmStub implements AutoCloseable {

    private static final JsonMapper REQUEST_JSON = JsonMapper.builder().build();

    static final String TOKEN = "stub-arm-token";
    static final String SUBSCRIPTION = "7d3c9b8e-2f4a-4c61-9e0b-5a8d1f2c3b4e";
    static final String CUSTOMER_SUBSCRIPTION = "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";
    static final String REGION = "westus3";
    static final String RESOURCE_GROUP = "rg-privatelink-westus3";
    static final String PLS = "pls-westus3-0";
    static final String PLS_ID = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
            + "/providers/Microsoft.Network/privateLinkServices/" + PLS;
    static final String PLS_PATH = PLS_ID;
    static final String ALIAS = "production-westus3-0-0.63c890a9-4d32-48cc-a08c-8cd92dfb1ad3.westus3.azure.privatelinkservice";
    static final String DNS_RESOURCE_GROUP = "rg-privatelink-dns";
    /** The Microsoft.Network api-version the SDK in use speaks for Private Link Services. */
    static final String NETWORK_API_VERSION = "2025-03-01";
    static final String PRIVATE_DNS_API_VERSION = "2024-06-01";

    final WireMockServer server = new WireMockServer(wireMockConfig().dynamicHttpsPort().httpDisabled(true));

    AzureArmStub() {
        server.start();
    }

    URI baseUrl() {
        return URI.create("https://localhost:" + server.httpsPort());
    }

    AzureCloudProperties properties(Duration responseTimeout) {
        return new AzureCloudProperties(true, "tenant-of-the-platform", SUBSCRIPTION,
                Map.of(REGION, new AzureCloudProperties.Region(null, RESOURCE_GROUP, List.of(PLS_ID))),
                new AzureCloudProperties.PrivateDns(null, DNS_RESOURCE_GROUP),
                baseUrl(), Duration.ofSeconds(2), responseTimeout);
    }

    AzureSubscriptions subscriptions(AzureCloudProperties properties) {
        return new AzureSubscriptions(properties, fixedToken(), trustingHttpClient(properties.responseTimeout()));
    }

    static TokenCredential fixedToken() {
        return request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    /** The production client's settings, over a reactor-netty client that trusts WireMock's self-signed certificate. */
    static HttpClient trustingHttpClient(Duration responseTimeout) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient()
                        .configure(builder -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
        return new NettyAsyncHttpClientBuilder(netty)
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(responseTimeout)
                .build();
    }

    List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** The one request the stub received: each wire test makes exactly one call. */
    LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    /** Every ARM request carries our bearer token and the API version of its resource provider. */
    static void assertArmRequest(LoggedRequest request, String apiVersion) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.queryParameter("api-version").firstValue()).isEqualTo(apiVersion);
    }

    static JsonNode body(LoggedRequest request) {
        return REQUEST_JSON.readTree(request.getBodyAsString());
    }

    void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** ARM's error body, as every resource provider answers. */
    static ResponseDefinitionBuilder armError(int status, String code, String message) {
        return json(status, """
                {"error": {"code": "%s", "message": "%s"}}""".formatted(code, message));
    }

    static ResponseDefinitionBuilder notFound(String what) {
        return armError(404, "ResourceNotFound", "The Resource '" + what + "' under resource group '" + RESOURCE_GROUP
                + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    static ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return armError(429, "TooManyRequests", "The request is being throttled as the limit has been reached for "
                + "operation type - Read_ObservationWindow_00:05:00.")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    // --- bodies shaped as the azure-rest-api-specs examples (PrivateLinkServiceGet.json, ...) ---

    static String connectionId(String connectionName) {
        return PLS_ID + "/privateEndpointConnections/" + connectionName;
    }

    static String privateEndpointId(String endpointName) {
        return "/subscriptions/" + CUSTOMER_SUBSCRIPTION + "/resourceGroups/rg-customer/providers/Microsoft.Network/privateEndpoints/"
                + endpointName;
    }

    /** One element of {@code privateEndpointConnections} / the list's {@code value}. */
    static String connection(String endpointName, String guid, String status, String description, String location) {
        String name = endpointName + "." + guid;
        String locationField = location == null ? "" : ",\n    \"privateEndpointLocation\": \"" + location + "\"";
        return """
                {
                  "name": "%s",
                  "id": "%s",
                  "properties": {
                    "privateEndpoint": {
                      "id": "%s"
                    },
                    "privateLinkServiceConnectionState": {
                      "status": "%s",
                      "description": "%s"
                    }%s
                  }
                }""".formatted(name, connectionId(name), privateEndpointId(endpointName), status, description, locationField);
    }

    static String privateLinkService(String provisioningState, String... connections) {
        return """
                {
                  "name": "%s",
                  "id": "%s",
                  "type": "Microsoft.Network/privateLinkServices",
                  "location": "%s",
                  "properties": {
                    "provisioningState": "%s",
                    "visibility": {
                      "subscriptions": ["*"]
                    },
                    "autoApproval": {
                      "subscriptions": []
                    },
                    "fqdns": [],
                    "alias": "%s",
                    "loadBalancerFrontendIpConfigurations": [
                      {
                        "id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/loadBalancers/lb-westus3-0/frontendIPConfigurations/fe-pls"
                      }
                    ],
                    "ipConfigurations": [
                      {
                        "name": "ipconfig-pls",
                        "id": "%s/ipConfigurations/ipconfig-pls",
                        "properties": {
                          "privateIPAddress": "10.20.1.4",
                          "privateIPAllocationMethod": "Static",
                          "privateIPAddressVersion": "IPv4",
                          "subnet": {
                            "id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/vnet-westus3/subnets/snet-pls"
                          }
                        }
                      }
                    ],
                    "privateEndpointConnections": [%s],
                    "networkInterfaces": [
                      {
                        "id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/networkInterfaces/%s.nic.5e1c0a7d"
                      }
                    ]
                  }
                }""".formatted(PLS, PLS_ID, REGION, provisioningState, ALIAS, SUBSCRIPTION, RESOURCE_GROUP, PLS_ID,
                SUBSCRIPTION, RESOURCE_GROUP, String.join(",", connections), SUBSCRIPTION, RESOURCE_GROUP, PLS);
    }

    /** A page of PrivateLinkServices_ListPrivateEndpointConnections; {@code nextLink} null on the last page. */
    static String connectionPage(String nextLink, String... connections) {
        String next = nextLink == null ? "" : ",\n  \"nextLink\": \"" + nextLink + "\"";
        return "{\n  \"value\": [" + String.join(",", connections) + "]" + next + "\n}";
    }
}
