package dev.privatelink.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * A receiver subscribed to an organization hears of its registrations' changes as signed CloudEvents:
 * soon after the change, each resource's changes in order (also after the receiver was down for a
 * while), nothing of other organizations or of types it did not ask for, and nothing of a change that
 * rolled back.
 */
@IntegrationTest
class WebhookDeliveryIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestApi api;

    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        return receiver;
    }

    @Test
    void aReceiverGetsTheSignedReadyEventWithinASecondShowingTheRegistrationAsTheApiDoes() throws Exception {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = receiver();
        String secret = flows.subscribe(tenant, receiver, EventFlows.ENDPOINT_TYPES).get("secret").asString();
        String serviceId = flows.newService(tenant);
        String endpointId = flows.newVpcEndpoint(tenant, serviceId);

        flows.registerAndAllow(tenant, serviceId, endpointId);
        JsonNode ready = flows.awaitStatus(tenant, endpointId, "Ready");
        String subject = EventFlows.subject(ready);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.acceptedFor(subject).stream()
                .anyMatch(r -> r.type().equals("privatelink.endpoint.ready")));
        WebhookReceiver.Received delivery = receiver.acceptedFor(subject).stream()
                .filter(r -> r.type().equals("privatelink.endpoint.ready")).findFirst().orElseThrow();

        // signed as Standard Webhooks say: the library a receiver would use accepts it
        assertThatCode(() -> new Webhook(secret).verify(delivery.body(), delivery.headers())).doesNotThrowAnyException();
        assertThat(delivery.header("content-type")).startsWith("application/cloudevents+json");
        // a CloudEvent 1.0 that the CloudEvents SDK reads
        CloudEvent event = new JsonFormat().deserialize(delivery.body().getBytes(UTF_8));
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getId()).isEqualTo(delivery.header("webhook-id"));
        assertThat(event.getSource().toString()).isEqualTo("/v1/organizations/" + tenant.orgId());
        assertThat(event.getSubject()).isEqualTo(subject);
        assertThat(api.as(tenant.admin()).get(event.getSource() + "/" + event.getSubject()).expectStatus(200).result()
                .get("id").asString()).as("source/subject is where the API shows the resource").isEqualTo(endpointId);
        // within a second of the change
        Duration latency = Duration.between(event.getTime().toInstant(), delivery.at());
        assertThat(latency).as("from Ready to receipt").isLessThan(Duration.ofSeconds(1));
        // the data is the registration as GET shows it at that change (without the step history)
        ObjectNode shown = (ObjectNode) flows.registration(tenant, endpointId);
        shown.remove("history");
        assertThat(JSON.readTree(event.getData().toBytes())).isEqualTo(shown);
    }

    @Test
    void everyChangeOfEveryEndpointArrivesInOrderAfterTheReceiverWasDown() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = receiver();
        flows.subscribe(tenant, receiver, EventFlows.ENDPOINT_TYPES);
        String serviceId = flows.newService(tenant);
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            endpoints.add(flows.newVpcEndpoint(tenant, serviceId));
        }

        receiver.down();
        Instant wentDown = Instant.now();
        endpoints.forEach(id -> flows.registerAndAllow(tenant, serviceId, id));
        // down longer than the backoff's longest pause (500 ms here), well within the retry window (10 s)
        Duration down = Duration.ofMillis(2500).minus(Duration.between(wentDown, Instant.now()));
        await().pollDelay(down.isNegative() ? Duration.ZERO : down).until(() -> true);
        assertThat(receiver.accepted()).as("nothing arrives while the receiver is down").isEmpty();
        receiver.up();
        Map<String, JsonNode> ready = new HashMap<>();
        endpoints.forEach(id -> ready.put(id, flows.awaitStatus(tenant, id, "Ready")));

        for (String id : endpoints) {
            String subject = EventFlows.subject(ready.get(id));
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acceptedFor(subject).stream()
                    .anyMatch(r -> r.type().equals("privatelink.endpoint.ready")));
            List<Long> sequences = receiver.acceptedFor(subject).stream().map(WebhookReceiver.Received::sequence).toList();
            assertThat(sequences).as("every change of %s, once, in order", id)
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, sequences.size()).boxed().toList());
            assertThat(receiver.acceptedFor(subject).getLast().type()).isEqualTo("privatelink.endpoint.ready");
        }
    }

    @Test
    void aRemovedRegistrationIsAnnouncedAndSoAreTheAllowListsItLeaves() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = receiver();
        List<String> types = new ArrayList<>(EventFlows.ENDPOINT_TYPES);
        types.add("privatelink.allowlist.changed");
        flows.subscribe(tenant, receiver, types);
        String serviceId = flows.newService(tenant);
        String endpointId = flows.newVpcEndpoint(tenant, serviceId);
        flows.registerAndAllow(tenant, serviceId, endpointId);
        String subject = EventFlows.subject(flows.awaitStatus(tenant, endpointId, "Ready"));

        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", endpointId))))).expectStatus(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acceptedFor(subject).stream()
                .anyMatch(r -> r.type().equals("privatelink.endpoint.removed")));
        List<WebhookReceiver.Received> changes = receiver.acceptedFor(subject);
        assertThat(changes).extracting(WebhookReceiver.Received::sequence)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, changes.size()).boxed().toList());
        assertThat(changes.get(changes.size() - 2).type()).isEqualTo("privatelink.endpoint.deleting");
        assertThat(changes.getLast().event().at("/data/status").asString()).isEqualTo("Deleting");
        assertThat(changes.getLast().event().at("/data/id").asString()).isEqualTo(endpointId);
        api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + endpointId).expectStatus(404);
        String list = "services/" + serviceId + "/privateEndpointIds";
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.acceptedFor(list).size() == 2);
        JsonNode left = receiver.acceptedFor(list).get(1).event();
        assertThat(left.get("sequence").asString()).isEqualTo("2");
        assertThat(left.at("/data/removed/0").asString()).isEqualTo(endpointId);
        assertThat(left.at("/data/privateEndpointIds")).isEmpty();
    }

    @Test
    void manyQuickChangesOfOneResourceAreAllDeliveredPromptlyAndInOrder() throws Exception {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = receiver();
        flows.subscribe(tenant, receiver, List.of("privatelink.allowlist.changed"));
        List<WebhookReceiver> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // more lanes per event: each listener works longer, so they overlap more
            others.add(receiver());
            flows.subscribe(tenant, others.getLast(), List.of("privatelink.allowlist.changed"));
        }
        String serviceId = flows.newService(tenant);
        int changes = 40;

        // concurrent requests: they change the list one after the other (the service's row lock), and their
        // events reach the outbox's listeners at nearly the same time, racing to schedule the same lane
        try (java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                String id = String.format("vpce-0dddddddddddd%04x", i);
                sent.add(callers.submit(() -> api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                        Map.of("privateEndpointIds", Map.of("add", List.of(id)))).expectStatus(200)));
            }
            for (java.util.concurrent.Future<?> request : sent) {
                request.get();
            }
        }
        Instant done = Instant.now();

        String subject = "services/" + serviceId + "/privateEndpointIds";
        // well within the minute after which a failed listener would be handed the event again
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acceptedFor(subject).size() >= changes
                && others.stream().allMatch(other -> other.acceptedFor(subject).size() >= changes));
        System.out.printf("%d changes of one allow list delivered %d ms after the last was made%n", changes,
                Duration.between(done, Instant.now()).toMillis());
        assertThat(receiver.acceptedFor(subject)).extracting(WebhookReceiver.Received::sequence)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, changes).boxed().toList());
        assertThat(receiver.acceptedFor(subject).getLast().event().at("/data/privateEndpointIds")).hasSize(changes);
        assertThat(api.jdbc().sql("select count(*) from event_publication where status = 'FAILED' and serialized_event like :service")
                .param("service", "%" + serviceId + "%").query(Integer.class).single()).as("listeners that failed").isZero();
    }

    @Test
    void aSubscriptionHearsOnlyOfItsOrganizationAndTheTypesItAskedFor() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        Tenant other = api.newTenant("SCALE");
        WebhookReceiver readyOnly = receiver();
        WebhookReceiver allowLists = receiver();
        WebhookReceiver otherOrganization = receiver();
        flows.subscribe(tenant, readyOnly, List.of("privatelink.endpoint.ready"));
        flows.subscribe(tenant, allowLists, List.of("privatelink.allowlist.changed"));
        flows.subscribe(other, otherOrganization, EventFlows.ENDPOINT_TYPES);
        String serviceId = flows.newService(tenant);
        String endpointId = flows.newVpcEndpoint(tenant, serviceId);

        flows.registerAndAllow(tenant, serviceId, endpointId);
        flows.awaitStatus(tenant, endpointId, "Ready");

        await().atMost(Duration.ofSeconds(5)).until(() -> !readyOnly.accepted().isEmpty() && !allowLists.accepted().isEmpty());
        assertThat(readyOnly.accepted()).extracting(WebhookReceiver.Received::type).containsOnly("privatelink.endpoint.ready");
        JsonNode allowList = allowLists.accepted().getFirst().event();
        assertThat(allowList.get("type").asString()).isEqualTo("privatelink.allowlist.changed");
        assertThat(allowList.get("subject").asString()).isEqualTo("services/" + serviceId + "/privateEndpointIds");
        assertThat(allowList.at("/data/added/0").asString()).isEqualTo(endpointId);
        assertThat(allowList.at("/data/privateEndpointIds")).isEqualTo(api.as(tenant.admin())
                .get(tenant.path() + "/services/" + serviceId).expectStatus(200).result().get("privateEndpointIds"));
        assertThat(otherOrganization.received()).as("another organization's receiver").isEmpty();
    }

    @Test
    void aChangeThatRolledBackHasNoEventAndEveryCommittedChangeHasOne() {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        WebhookReceiver receiver = receiver();
        flows.subscribe(tenant, receiver, List.of("privatelink.endpoint.provisioning", "privatelink.allowlist.changed"));
        String serviceId = flows.newService(tenant);
        // registered in a region the service's region cannot be reached from: adding it to the list fails
        String farAway = "vpce-" + hex17();
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", "aws", "id", farAway, "region", "ap-southeast-5"))))).expectStatus(200);
        String rolledBack = "vpce-" + hex17();

        TestApi.Response refused = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(rolledBack, farAway))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(api.jdbc().sql("select count(*) from event_publication where serialized_event like :id")
                .param("id", "%" + rolledBack + "%").query(Integer.class).single())
                .as("no event stored for the registration that rolled back").isZero();
        // a later change is delivered, the rolled-back one never is
        String later = "vpce-" + hex17();
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(later)))).expectStatus(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.accepted().stream()
                .anyMatch(r -> r.body().contains(later) && r.type().equals("privatelink.allowlist.changed")));
        assertThat(receiver.accepted()).noneMatch(r -> r.body().contains(rolledBack));
        // and every change the organization's registrations committed was recorded as an event
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.jdbc().sql("""
                        select count(*) from private_endpoint p
                        where p.organization_id = :org and p.event_sequence <> (
                            select count(*) from webhook_event e
                            where e.subject = 'privateEndpoints/' || p.id and e.sequence between 1 and p.event_sequence)""")
                .param("org", tenant.orgId()).query(Integer.class).single()).isZero());
    }

    private static String hex17() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }
}
