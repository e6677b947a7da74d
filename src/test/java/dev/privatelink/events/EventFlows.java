package dev.privatelink.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** What a customer does over HTTP in these tests: services, endpoints in the sandbox, registrations, webhooks. */
final class EventFlows {

    static final List<String> ENDPOINT_TYPES = List.of("privatelink.endpoint.provisioning",
            "privatelink.endpoint.waitingforconnection", "privatelink.endpoint.pendingacceptance", "privatelink.endpoint.ready",
            "privatelink.endpoint.rejected", "privatelink.endpoint.failed", "privatelink.endpoint.expired",
            "privatelink.endpoint.deleting", "privatelink.endpoint.removed");

    private final TestApi api;

    EventFlows(TestApi api) {
        this.api = api;
    }

    /** Subscribes the receiver to the given types; returns the creation answer (with the secret). */
    JsonNode subscribe(Tenant tenant, WebhookReceiver receiver, List<String> types) {
        return api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(), "eventTypes", types))
                .expectStatus(200).result();
    }

    String newService(Tenant tenant) {
        return api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "svc-" + UUID.randomUUID(),
                "provider", "aws", "region", "us-west-2", "tier", "production")).expectStatus(200).result().get("service").get("id")
                .asString();
    }

    /** The endpoint service the service's endpoints point at. */
    String serviceName(Tenant tenant, String serviceId) {
        return api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig")
                .expectStatus(200).result().get("endpointServiceId").asString();
    }

    /** Creates the customer's VPC endpoint in the sandbox, pointed at the service's endpoint service. */
    String newVpcEndpoint(Tenant tenant, String serviceId) {
        String serviceName = serviceName(tenant, serviceId);
        return api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", "us-west-2"))
                .expectStatus(200).result().get("vpcEndpointId").asString();
    }

    /** Registers the endpoint with the organization and puts it on the service's allow list (seeds' steps 3 and 4). */
    void registerAndAllow(Tenant tenant, String serviceId, String endpointId) {
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", "aws", "id", endpointId, "description", "from the events tests", "region", "us-west-2")))))
                .expectStatus(200);
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("privateEndpointIds", Map.of("add", List.of(endpointId))))
                .expectStatus(200);
    }

    JsonNode registration(Tenant tenant, String endpointId) {
        return api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + endpointId).expectStatus(200).result();
    }

    JsonNode awaitStatus(Tenant tenant, String endpointId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> registration(tenant, endpointId).get("status").asString().equals(status));
        return registration(tenant, endpointId);
    }

    static String subject(JsonNode registration) {
        return "privateEndpoints/" + registration.get("registrationId").asString();
    }
}
