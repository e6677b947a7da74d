package dev.privatelink.endpoint;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A stateful stand-in for Azure Resource Manager's Private Link Service API over HTTPS (the SDK's
 * bearer-token policy refuses plain http): one Private Link Service, the private endpoint connections
 * customers made to it (seeded by the test), GET of the service, listing of its connections (with
 * {@code nextLink} pages) and PUT of a connection's state (Pending → Approved, which Azure applies
 * for a moment as provisioning state {@code Updating}; → Rejected). ARM's subscription buckets
 * (reads 250 / 25/s, writes 200 / 10/s) answer 429 with Retry-After when exceeded. Bodies are shaped
 * as the {@code Azure/azure-rest-api-specs} examples.
 */
final class ArmFake implements ResponseDefinitionTransformerV2 {

    static final String TOKEN = "stub-arm-token";
    static final String SUBSCRIPTION = "7d3c9b8e-2f4a-4c61-9e0b-5a8d1f2c3b4e";
    static final String CUSTOMER_SUBSCRIPTION = "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";
    static final String REGION = "westus3";
    static final String RESOURCE_GROUP = "rg-privatelink-westus3";
    static final String PLS = "pls-westus3-0";
    static final String PLS_ID = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
            + "/providers/Microsoft.Network/privateLinkServices/" + PLS;
    static final String ALIAS = "production-westus3-0-0.63c890a9-4d32-48cc-a08c-8cd92dfb1ad3.westus3.azure.privatelinkservice";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONNECTION_PATH = Pattern.compile(Pattern.quote(PLS_ID) + "/privateEndpointConnections/([^/?]+)");

    /** One request as ARM saw it. */
    record Call(String operation, String method, String path, String body, boolean throttled) {
    }

    static final class Connection {
        final String endpointName;
        final String guid;
        final String location;
        volatile String status = "Pending";
        volatile String description = "Awaiting approval";
        volatile long updatedAt;

        Connection(String endpointName, String guid, String location) {
            this.endpointName = endpointName;
            this.guid = guid;
            this.location = location;
        }

        String name() {
            return endpointName + "." + guid;
        }
    }

    final WireMockServer server;
    final Map<String, Connection> connections = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    final CloudTokenBucket reads = new CloudTokenBucket(250, 25);
    final CloudTokenBucket writes = new CloudTokenBucket(200, 10);
    /** How long Azure shows an approval as provisioning state {@code Updating}. */
    volatile Duration updatingFor = Duration.ofMillis(300);
    volatile int pageSize = 100;

    ArmFake() {
        server = new WireMockServer(wireMockConfig().dynamicHttpsPort().httpDisabled(true).containerThreads(64).extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    URI baseUrl() {
        return URI.create("https://localhost:" + server.httpsPort());
    }

    static TokenCredential fixedToken() {
        return request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    /** A reactor-netty client that trusts WireMock's self-signed certificate. */
    static HttpClient trustingHttpClient(Duration responseTimeout) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient()
                        .configure(builder -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
        return new NettyAsyncHttpClientBuilder(netty).connectTimeout(Duration.ofSeconds(2)).responseTimeout(responseTimeout).build();
    }

    /** A customer's private endpoint connecting to our Private Link Service; returns its resourceGuid. */
    String connect(String endpointName, String location) {
        String guid = java.util.UUID.randomUUID().toString();
        Connection connection = new Connection(endpointName, guid, location);
        connections.put(connection.name(), connection);
        return guid;
    }

    Connection byGuid(String guid) {
        synchronized (connections) {
            return connections.values().stream().filter(c -> c.guid.equals(guid)).findFirst().orElseThrow();
        }
    }

    int requests(String operation) {
        return requests.getOrDefault(operation, new AtomicInteger()).get();
    }

    int throttles() {
        return throttles.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    void resetCounts() {
        calls.clear();
        requests.clear();
        throttles.clear();
        reads.refill();
        writes.refill();
    }

    void close() {
        server.stop();
    }

    @Override
    public String getName() {
        return "arm-fake";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String url = event.getRequest().getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String body = event.getRequest().getBodyAsString();
        Matcher connectionPath = CONNECTION_PATH.matcher(path);
        String operation;
        if (method.equals("GET") && path.equalsIgnoreCase(PLS_ID)) {
            operation = "PrivateLinkServices_Get";
        } else if (method.equals("GET") && path.equalsIgnoreCase(PLS_ID + "/privateEndpointConnections")) {
            operation = "PrivateLinkServices_ListPrivateEndpointConnections";
        } else if (method.equals("PUT") && connectionPath.matches()) {
            operation = "PrivateLinkServices_UpdatePrivateEndpointConnection";
        } else {
            operation = method + " " + path;
        }
        requests.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        boolean write = !method.equals("GET");
        if (!(write ? writes : reads).take()) {
            throttles.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            calls.add(new Call(operation, method, path, body, true));
            return json(429, """
                    {"error": {"code": "TooManyRequests", "message": "The request is being throttled as the limit has been reached for operation type - %s_ObservationWindow_00:05:00."}}"""
                    .formatted(write ? "Write" : "Read"), "1");
        }
        calls.add(new Call(operation, method, path, body, false));
        return switch (operation) {
            case "PrivateLinkServices_Get" -> json(200, privateLinkService(), null);
            case "PrivateLinkServices_ListPrivateEndpointConnections" -> list(url);
            case "PrivateLinkServices_UpdatePrivateEndpointConnection" -> update(connectionPath.group(1), body);
            default -> json(404, """
                    {"error": {"code": "ResourceNotFound", "message": "The Resource '%s' was not found."}}""".formatted(path), null);
        };
    }

    private ResponseDefinition list(String url) {
        Matcher skip = Pattern.compile("[?&]\\$skipToken=(\\d+)").matcher(url);
        int from = skip.find() ? Integer.parseInt(skip.group(1)) : 0;
        List<Connection> all;
        synchronized (connections) {
            all = new ArrayList<>(connections.values());
        }
        int to = Math.min(all.size(), from + pageSize);
        StringBuilder body = new StringBuilder("{\n  \"value\": [");
        body.append(String.join(",", all.subList(from, to).stream().map(this::connection).toList())).append("]");
        if (to < all.size()) {
            body.append(",\n  \"nextLink\": \"").append(baseUrl()).append(PLS_ID)
                    .append("/privateEndpointConnections?api-version=2025-03-01&$skipToken=").append(to).append('"');
        }
        return json(200, body.append("\n}").toString(), null);
    }

    private ResponseDefinition update(String name, String body) {
        Connection connection = connections.get(name);
        if (connection == null) {
            return json(404, """
                    {"error": {"code": "ResourceNotFound", "message": "Private endpoint connection '%s' was not found."}}"""
                    .formatted(name), null);
        }
        JsonNode state = JSON.readTree(body).path("properties").path("privateLinkServiceConnectionState");
        synchronized (connection) {
            connection.status = state.path("status").asString();
            connection.description = state.path("description").asString("");
            connection.updatedAt = System.nanoTime();
        }
        return json(200, connection(connection), null);
    }

    private String provisioningState(Connection c) {
        return c.updatedAt != 0 && System.nanoTime() - c.updatedAt < updatingFor.toNanos() ? "Updating" : "Succeeded";
    }

    private String connection(Connection c) {
        return """
                {
                  "name": "%s",
                  "id": "%s/privateEndpointConnections/%s",
                  "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
                  "properties": {
                    "provisioningState": "%s",
                    "privateEndpoint": {
                      "id": "/subscriptions/%s/resourceGroups/rg-customer/providers/Microsoft.Network/privateEndpoints/%s"
                    },
                    "privateLinkServiceConnectionState": {
                      "status": "%s",
                      "description": "%s",
                      "actionsRequired": "None"
                    },
                    "privateEndpointLocation": "%s"
                  }
                }""".formatted(c.name(), PLS_ID, c.name(), provisioningState(c), CUSTOMER_SUBSCRIPTION, c.endpointName,
                c.status, c.description, c.location);
    }

    private String privateLinkService() {
        List<String> all;
        synchronized (connections) {
            all = connections.values().stream().map(this::connection).toList();
        }
        return """
                {
                  "name": "%s",
                  "id": "%s",
                  "type": "Microsoft.Network/privateLinkServices",
                  "location": "%s",
                  "properties": {
                    "provisioningState": "Succeeded",
                    "visibility": {"subscriptions": ["*"]},
                    "autoApproval": {"subscriptions": []},
                    "fqdns": [],
                    "alias": "%s",
                    "loadBalancerFrontendIpConfigurations": [
                      {"id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/loadBalancers/lb-westus3-0/frontendIPConfigurations/fe-pls"}
                    ],
                    "privateEndpointConnections": [%s]
                  }
                }""".formatted(PLS, PLS_ID, REGION, ALIAS, SUBSCRIPTION, RESOURCE_GROUP, String.join(",", all));
    }

    private static ResponseDefinition json(int status, String body, String retryAfter) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
        if (retryAfter != null) {
            response.withHeader("Retry-After", retryAfter);
        }
        return response.build();
    }
}
