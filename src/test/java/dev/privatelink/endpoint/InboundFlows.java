package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** The steps of the seeds' flows, as a customer performs them over HTTP. */
final class InboundFlows {

    private final TestApi api;

    InboundFlows(TestApi api) {
        this.api = api;
    }

    String newService(Tenant tenant, String provider, String region, String tier) {
        return api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "svc-" + java.util.UUID.randomUUID(),
                "provider", provider, "region", region, "tier", tier)).expectStatus(200).result().get("service").get("id").asString();
    }

    JsonNode config(Tenant tenant, String serviceId) {
        return api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig")
                .expectStatus(200).result();
    }

    /** Creates an AWS interface endpoint in the sandbox; returns its vpce id. */
    String createVpcEndpoint(Tenant tenant, String serviceName, String region) {
        return api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", region))
                .expectStatus(200).result().get("vpcEndpointId").asString();
    }

    /** Creates an Azure private endpoint in the sandbox; returns its resourceGuid. */
    String createPrivateEndpoint(Tenant tenant, String alias, String region) {
        return api.as(tenant.admin()).post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", alias, "region", region)).expectStatus(200).result().get("resourceGuid").asString();
    }

    TestApi.Response registerInOrganization(Tenant tenant, String provider, String id, String region) {
        return api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", provider, "id", id, "description", "test endpoint", "region", region)))));
    }

    TestApi.Response addToService(Tenant tenant, String serviceId, String id) {
        return api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(id))));
    }

    JsonNode registration(Tenant tenant, String id) {
        return api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).expectStatus(200).result();
    }

    /** Waits until the registration reaches a status, and returns it then. */
    JsonNode awaitStatus(Tenant tenant, String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> registration(tenant, id).get("status").asString().equals(status));
        return registration(tenant, id);
    }
}
