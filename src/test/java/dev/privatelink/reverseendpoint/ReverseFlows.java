package dev.privatelink.reverseendpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** What the reverse endpoint tests do over HTTP, as a customer and a ClickHouse client would. */
final class ReverseFlows {

    /** The platform's account in the tests' sandbox (the seed's ClickPipes account). */
    static final String PLATFORM_ACCOUNT = "072088201116";

    private final TestApi api;

    ReverseFlows(TestApi api) {
        this.api = api;
    }

    /** A service of the tenant (the create answer is ClickHouse's {@code {service}}). */
    String newService(Tenant tenant, String region) {
        return api.as(tenant.admin()).post(tenant.path() + "/services", Map.of(
                        "name", "svc-" + UUID.randomUUID().toString().substring(0, 8), "provider", "aws", "region", region,
                        "tier", "production"))
                .expectStatus(200).result().get("service").get("id").asString();
    }

    String endpointsPath(Tenant tenant, String serviceId) {
        return tenant.path() + "/services/" + serviceId + "/clickpipesReversePrivateEndpoints";
    }

    // ---- the customer's side in the sandbox

    JsonNode endpointService(Tenant tenant, String region, boolean acceptanceRequired, List<String> allowedPrincipals,
                             List<String> supportedRegions, String privateDnsName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("acceptanceRequired", acceptanceRequired);
        body.put("allowedPrincipals", allowedPrincipals);
        body.put("supportedRegions", supportedRegions);
        if (privateDnsName != null) {
            body.put("privateDnsName", privateDnsName);
        }
        return api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", body).expectStatus(200).result();
    }

    JsonNode resourceConfiguration(Tenant tenant, String region, List<String> sharedWith) {
        return api.as(tenant.admin()).post("/v1/sandbox/aws/resourceConfigurations", Map.of("region", region,
                "resource", "orders-db.cluster-abc.us-east-1.rds.amazonaws.com", "sharedWith", sharedWith)).expectStatus(200).result();
    }

    String mskCluster(Tenant tenant, String region, List<String> authentication, List<String> allowedPrincipals) {
        return api.as(tenant.admin()).post("/v1/sandbox/aws/mskClusters", Map.of("region", region, "name", "orders",
                "authentication", authentication, "allowedPrincipals", allowedPrincipals)).expectStatus(200).result()
                .get("clusterArn").asString();
    }

    // ---- the API

    TestApi.Response create(Tenant tenant, String serviceId, Map<String, ?> body) {
        return api.as(tenant.admin()).post(endpointsPath(tenant, serviceId), body);
    }

    JsonNode created(Tenant tenant, String serviceId, Map<String, ?> body) {
        return create(tenant, serviceId, body).expectStatus(200).result();
    }

    JsonNode get(Tenant tenant, String serviceId, String id) {
        return api.as(tenant.admin()).get(endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200).result();
    }

    /** Polls as the Terraform provider does, until the status is one of {@code statuses}. */
    JsonNode awaitStatus(Tenant tenant, String serviceId, String id, String... statuses) {
        List<String> wanted = List.of(statuses);
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get(tenant, serviceId, id);
            return wanted.contains(last[0].get("status").asString());
        });
        return last[0];
    }

    /** Polls until GET answers 404, as the Terraform provider does after a DELETE. */
    void awaitGone(Tenant tenant, String serviceId, String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                api.as(tenant.admin()).get(endpointsPath(tenant, serviceId) + "/" + id).status() == 404);
    }

    static Map<String, Object> endpointServiceBody(String description, String serviceName) {
        return Map.of("description", description, "type", "VPC_ENDPOINT_SERVICE", "vpcEndpointServiceName", serviceName);
    }

    static Map<String, Object> resourceBody(String description, JsonNode configuration) {
        return Map.of("description", description, "type", "VPC_RESOURCE",
                "vpcResourceConfigurationId", configuration.get("resourceConfigurationId").asString(),
                "vpcResourceShareArn", configuration.get("resourceShareArn").asString());
    }

    static Map<String, Object> mskBody(String description, String clusterArn, String authentication) {
        return Map.of("description", description, "type", "MSK_MULTI_VPC", "mskClusterArn", clusterArn,
                "mskAuthentication", authentication);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
