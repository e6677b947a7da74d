package dev.privatelink.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import com.standardwebhooks.Webhook;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * A receiver subscribed to reverse endpoint events hears of every status a reverse endpoint enters,
 * signed, in order, with the endpoint as the API shows it, and of its removal after a DELETE.
 */
@IntegrationTest
class ReverseEndpointEventsIntegrationTests {

    /** The platform's account in the tests' sandbox. */
    private static final String PLATFORM_ACCOUNT = "072088201116";

    @Autowired
    TestApi api;

    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void everyStatusOfAReverseEndpointAndItsRemovalArriveSignedAndInOrder() {
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        String secret = new EventFlows(api).subscribe(tenant, receiver, List.of("privatelink.reverseendpoint.provisioning",
                "privatelink.reverseendpoint.pendingacceptance", "privatelink.reverseendpoint.ready",
                "privatelink.reverseendpoint.deleting", "privatelink.reverseendpoint.removed")).get("secret").asString();
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "pipes-" + UUID.randomUUID(),
                "provider", "aws", "region", "us-east-1", "tier", "production")).expectStatus(200).result().get("service")
                .get("id").asString();
        JsonNode customerService = api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", "us-east-1",
                "acceptanceRequired", true, "allowedPrincipals", List.of(PLATFORM_ACCOUNT), "supportedRegions", List.of()))
                .expectStatus(200).result();
        String path = tenant.path() + "/services/" + serviceId + "/clickpipesReversePrivateEndpoints";

        String id = api.as(tenant.admin()).post(path, Map.of("description", "kafka", "type", "VPC_ENDPOINT_SERVICE",
                "vpcEndpointServiceName", customerService.get("serviceName").asString())).expectStatus(200).result()
                .get("id").asString();
        String subject = "services/" + serviceId + "/clickpipesReversePrivateEndpoints/" + id;
        JsonNode pending = awaitStatus(path + "/" + id, tenant, "PendingAcceptance");
        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + customerService.get("serviceId").asString()
                + "/connections/" + pending.get("endpointId").asString() + "/accept", Map.of()).expectStatus(200);
        ObjectNode ready = (ObjectNode) awaitStatus(path + "/" + id, tenant, "Ready");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(subject).stream()
                .anyMatch(r -> r.type().equals("privatelink.reverseendpoint.ready")));
        WebhookReceiver.Received readyEvent = receiver.acceptedFor(subject).getLast();
        assertThatCode(() -> new Webhook(secret).verify(readyEvent.body(), readyEvent.headers())).doesNotThrowAnyException();
        // the data is the endpoint as GET shows it (without the step history and the cloud's own words)
        JsonNode data = readyEvent.event().get("data");
        for (String field : List.of("id", "serviceId", "description", "type", "vpcEndpointServiceName", "endpointId",
                "dnsNames", "status", "region", "createdAt")) {
            assertThat(data.get(field)).as(field).isEqualTo(ready.get(field));
        }
        assertThat(api.as(tenant.admin()).get(readyEvent.event().get("source").asString() + "/" + subject).expectStatus(200)
                .result().get("id").asString()).as("source/subject is where the API shows it").isEqualTo(id);

        api.as(tenant.admin()).delete(path + "/" + id).expectStatus(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedFor(subject).stream()
                .anyMatch(r -> r.type().equals("privatelink.reverseendpoint.removed")));
        List<String> types = receiver.acceptedFor(subject).stream().map(WebhookReceiver.Received::type).toList();
        assertThat(types.getFirst()).isEqualTo("privatelink.reverseendpoint.provisioning");
        assertThat(types).containsSubsequence("privatelink.reverseendpoint.pendingacceptance",
                "privatelink.reverseendpoint.ready");
        assertThat(types.subList(types.size() - 3, types.size())).containsExactly("privatelink.reverseendpoint.ready",
                "privatelink.reverseendpoint.deleting", "privatelink.reverseendpoint.removed");
        assertThat(receiver.acceptedFor(subject)).as("every change once, in order").extracting(WebhookReceiver.Received::sequence)
                .isEqualTo(LongStream.rangeClosed(1, types.size()).boxed().toList());
        api.as(tenant.admin()).get(path + "/" + id).expectStatus(404);
    }

    private JsonNode awaitStatus(String path, Tenant tenant, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = api.as(tenant.admin()).get(path).expectStatus(200).result();
            return last[0].get("status").asString().equals(status);
        });
        return last[0];
    }
}
