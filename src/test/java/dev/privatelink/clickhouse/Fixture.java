package dev.privatelink.clickhouse;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;

/**
 * The objects a contract row's placeholders name, made through the API in a fresh organization (SCALE
 * plan) the first time a row needs them: {@code {orgId}}; {@code {serviceId}}, an AWS production
 * service in us-west-2 with tags, an IP access list, an endpoint on its allow list
 * ({@code {attachedVpce}}) and another registered beside it ({@code {registeredVpce}}, so its
 * availablePrivateEndpointIds is not empty); {@code {azureDevelopmentServiceId}}; {@code {vpce1}},
 * {@code {vpce2}}, fresh endpoint ids nobody registered; {@code {name}}, a fresh service name;
 * {@code {customerEndpointServiceName}}, {@code {customerMskClusterArn}},
 * {@code {customerResourceConfigurationId}} with {@code {customerResourceShareArn}}: the customer's side of reverse
 * endpoints in the sandbox, allowing the platform's account; {@code {reversePrivateEndpointId}}, a reverse
 * endpoint of {@code {serviceId}}.
 * A new placeholder is one more entry in {@link #variables}.
 */
final class Fixture {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]\\w*)}");
    /** The platform's AWS account, which the customer's side allows (reverse endpoints' default). */
    private static final String PLATFORM_ACCOUNT = "072088201116";

    private final TestApi api;
    private final Map<String, Supplier<String>> variables = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private Tenant tenant;

    Fixture(TestApi api) {
        this.api = api;
        variables.put("orgId", () -> tenant().orgId().toString());
        variables.put("name", () -> "contract " + hex(8));
        variables.put("vpce1", Fixture::newVpceId);
        variables.put("vpce2", Fixture::newVpceId);
        variables.put("registeredVpce", () -> {
            String id = newVpceId();
            api.as(tenant().admin()).patch(tenant().path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                    "cloudProvider", "aws", "id", id, "description", "registered", "region", "us-west-2")))))
                    .expectStatus(200);
            return id;
        });
        variables.put("attachedVpce", () -> {
            String id = newVpceId();
            api.as(tenant().admin()).patch(tenant().path() + "/services/" + value("serviceId"),
                    Map.of("privateEndpointIds", Map.of("add", List.of(id)))).expectStatus(200);
            return id;
        });
        variables.put("serviceId", () -> {
            String id = newService("aws", "us-west-2", "production", List.of(
                    Map.of("key", "Environment", "value", "Production"), Map.of("key", "Department", "value", "Engineering"),
                    Map.of("key", "isActive")));
            values.put("serviceId", id);
            value("attachedVpce");
            value("registeredVpce");
            return id;
        });
        variables.put("azureDevelopmentServiceId", () -> newService("azure", "westus3", "development", List.of()));
        variables.put("customerEndpointServiceName", () -> api.as(tenant().admin()).post("/v1/sandbox/aws/endpointServices",
                        Map.of("region", "us-west-2", "acceptanceRequired", false, "allowedPrincipals", List.of(PLATFORM_ACCOUNT),
                                "supportedRegions", List.of()))
                .expectStatus(200).result().get("serviceName").asString());
        variables.put("customerMskClusterArn", () -> api.as(tenant().admin()).post("/v1/sandbox/aws/mskClusters",
                        Map.of("region", "us-west-2", "name", "orders-" + hex(6), "authentication", List.of("SASL_IAM"),
                                "allowedPrincipals", List.of(PLATFORM_ACCOUNT)))
                .expectStatus(200).result().get("clusterArn").asString());
        variables.put("customerResourceConfigurationId", () -> {
            var shared = api.as(tenant().admin()).post("/v1/sandbox/aws/resourceConfigurations", Map.of("region", "us-west-2",
                    "resource", "orders-" + hex(6) + ".internal", "sharedWith", List.of(PLATFORM_ACCOUNT))).expectStatus(200).result();
            values.put("customerResourceShareArn", shared.get("resourceShareArn").asString());
            return shared.get("resourceConfigurationId").asString();
        });
        variables.put("customerResourceShareArn", () -> {
            value("customerResourceConfigurationId");
            return values.get("customerResourceShareArn");
        });
        variables.put("reversePrivateEndpointId", () -> api.as(tenant().admin())
                .post(tenant().path() + "/services/" + value("serviceId") + "/clickpipesReversePrivateEndpoints",
                        Map.of("description", "fixture", "type", "VPC_ENDPOINT_SERVICE",
                                "vpcEndpointServiceName", value("customerEndpointServiceName")))
                .expectStatus(200).result().get("id").asString());
    }

    Tenant tenant() {
        if (tenant == null) {
            tenant = api.newTenant("SCALE");
        }
        return tenant;
    }

    /** The text with every placeholder replaced by its object's id. */
    String fill(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value(matcher.group(1))));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private String value(String name) {
        String known = values.get(name);
        if (known != null) {
            return known;
        }
        Supplier<String> variable = variables.get(name);
        if (variable == null) {
            throw new IllegalArgumentException("no fixture for the placeholder {" + name + "}");
        }
        String value = variable.get();
        values.put(name, value);
        return value;
    }

    private String newService(String provider, String region, String tier, List<Map<String, String>> tags) {
        return api.as(tenant().admin()).post(tenant().path() + "/services", Map.of("name", "fixture " + hex(8),
                        "provider", provider, "region", region, "tier", tier, "tags", tags,
                        "ipAccessList", List.of(Map.of("source", "203.0.113.9", "description", "office"))))
                .expectStatus(200).result().get("service").get("id").asString();
    }

    private static String newVpceId() {
        return "vpce-" + hex(17);
    }

    private static String hex(int digits) {
        byte[] bytes = new byte[(digits + 1) / 2];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, digits);
    }
}
