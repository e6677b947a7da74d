package dev.privatelink.endpoint.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation sweep, as a customer and an operator see it: what the customer did to a Ready
 * endpoint in the cloud shows in its status and in the data-plane feed after one round; a registration
 * that failed while the cloud ended up accepting its connection is Ready after one round; one listing
 * per endpoint service serves the round (the sandbox's ledger).
 */
@IntegrationTest
class ReconciliationSweepIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    ReconciliationSweep sweep;
    @Autowired
    CloudBackends clouds;
    @Autowired
    EndpointServiceDirectory directory;

    @AfterEach
    void noFaults() {
        faults(0);
    }

    @Test
    void aReadyEndpointTheCustomerDeletedOrThatWasRejectedLeavesReadyAndTheFeedAfterOneRoundOfOneListing() {
        String region = "ap-south-2";
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = newService(tenant, "aws", region);
        String serviceName = config(tenant, serviceId).get("endpointServiceId").asString();
        String kept = createVpcEndpoint(tenant, serviceName, region);
        String deleted = createVpcEndpoint(tenant, serviceName, region);
        String rejected = createVpcEndpoint(tenant, serviceName, region);
        // cross-region: an endpoint in another region (the service offers every cross-region source from its creation)
        String crossRegion = createVpcEndpoint(tenant, serviceName, "eu-south-2");
        for (String vpce : List.of(kept, deleted, rejected)) {
            register(tenant, "aws", vpce, region, "SERVICE");
            addToService(tenant, serviceId, vpce);
        }
        register(tenant, "aws", crossRegion, "eu-south-2", "SERVICE");
        addToService(tenant, serviceId, crossRegion);
        for (String vpce : List.of(kept, deleted, rejected, crossRegion)) {
            awaitStatus(tenant, vpce, "Ready");
        }
        assertThat(feed("aws", region, serviceId)).contains(kept, deleted, rejected);

        api.as(tenant.admin()).delete("/v1/sandbox/aws/vpcEndpoints/" + deleted).expectStatus(200);
        api.as(tenant.admin()).delete("/v1/sandbox/aws/vpcEndpoints/" + crossRegion).expectStatus(200);
        rejectInTheConsole(tenant, CloudProvider.AWS, region, rejected);
        quiet();
        Instant before = Instant.now();

        ReconciliationSweep.Round round = sweep.runOnce();

        JsonNode lost = registration(tenant, deleted);
        assertThat(lost.get("status").asString()).isEqualTo("Failed");
        assertThat(lost.get("statusReason").get("code").asString()).isEqualTo("CONNECTION_LOST");
        assertThat(lost.get("statusReason").get("message").asString()).contains(deleted).contains("'deleted'");
        JsonNode refused = registration(tenant, rejected);
        assertThat(refused.get("status").asString()).isEqualTo("Rejected");
        assertThat(refused.get("connectionState").asString()).isEqualTo("rejected");
        assertThat(registration(tenant, crossRegion).get("status").asString()).isEqualTo("Failed");
        assertThat(registration(tenant, kept).get("status").asString()).isEqualTo("Ready");
        assertThat(feed("aws", region, serviceId)).containsExactly(kept);
        assertThat(round.lost()).isGreaterThanOrEqualTo(2);
        assertThat(round.rejected()).isGreaterThanOrEqualTo(1);

        // one listing of the service served its four registrations; no other listing than the round's anywhere
        assertThat(listings(before, region)).isEqualTo(1);
        assertThat(listings(before, null)).isEqualTo(round.listed());

        // a second round finds nothing more to change here
        sweep.runOnce();
        assertThat(registration(tenant, deleted).get("status").asString()).isEqualTo("Failed");
        assertThat(registration(tenant, kept).get("status").asString()).isEqualTo("Ready");
    }

    @Test
    void anOrganizationWideAzureEndpointTheCustomerDeletedLeavesReadyAndTheFeed() {
        String region = "swedencentral";
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = newService(tenant, "azure", region);
        String alias = config(tenant, serviceId).get("endpointServiceId").asString();
        String guid = api.as(tenant.admin()).post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", alias, "region", region)).expectStatus(200).result().get("resourceGuid").asString();
        register(tenant, "azure", guid, region, "ORGANIZATION");
        awaitStatus(tenant, guid, "Ready");
        assertThat(feed("azure", region, serviceId)).containsExactly(guid);

        api.as(tenant.admin()).delete("/v1/sandbox/azure/privateEndpoints/" + guid).expectStatus(200);
        sweep.runOnce();

        JsonNode lost = registration(tenant, guid);
        assertThat(lost.get("status").asString()).isEqualTo("Failed");
        assertThat(lost.get("statusReason").get("code").asString()).isEqualTo("CONNECTION_LOST");
        assertThat(feed("azure", region, serviceId)).isEmpty();
    }

    @Test
    void aFailedRegistrationWhoseConnectionTheCloudAcceptedIsReadyAfterOneRoundUnlessAnotherOrganizationHoldsIt() {
        String region = "ap-southeast-4";
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = newService(tenant, "aws", region);
        String serviceName = config(tenant, serviceId).get("endpointServiceId").asString();
        String vpce = createVpcEndpoint(tenant, serviceName, region);
        // the cloud fails every call: the registration gives up, its connection still waiting for acceptance
        faults(1);
        register(tenant, "aws", vpce, region, "SERVICE");
        addToService(tenant, serviceId, vpce);
        // it fails (after its attempts) or expires (its deadline comes first on a busy machine): either is settled
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("Failed", "Expired").contains(registration(tenant, vpce).get("status").asString()));
        faults(0);
        assertThat(feed("aws", region, serviceId)).isEmpty();

        // accepted in the console after all (or by an accept whose answer was lost)
        acceptInTheConsole(tenant, region, vpce);
        sweep.runOnce();

        JsonNode healed = registration(tenant, vpce);
        assertThat(healed.get("status").asString()).isEqualTo("Ready");
        assertThat(healed.get("statusReason").get("code").asString()).isEqualTo("HEALED");
        assertThat(healed.get("statusReason").get("message").asString()).contains("healed: the cloud reports the connection accepted");
        assertThat(healed.get("connectionState").asString()).isEqualTo("available");
        assertThat(feed("aws", region, serviceId)).containsExactly(vpce);

        // another organization registering the endpoint cannot have it, not even once a round sees it available
        Tenant other = api.newTenant("SCALE");
        register(other, "aws", vpce, region, "SERVICE");
        assertThat(awaitStatus(other, vpce, "Failed").get("statusReason").get("code").asString()).isEqualTo("ENDPOINT_IN_USE");
        sweep.runOnce();
        assertThat(registration(other, vpce).get("status").asString()).isEqualTo("Failed");
        assertThat(registration(tenant, vpce).get("status").asString()).isEqualTo("Ready");
    }

    // ---- what a customer and an operator do

    private void faults(double serverErrorRate) {
        api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                Map.of("throttleRate", 0, "serverErrorRate", serverErrorRate, "timeoutRate", 0)).expectStatus(200);
    }

    private String newService(Tenant tenant, String provider, String region) {
        return api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "svc-" + UUID.randomUUID(),
                "provider", provider, "region", region, "tier", "PRODUCTION")).expectStatus(200).result().get("service").get("id").asString();
    }

    private JsonNode config(Tenant tenant, String serviceId) {
        return api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig").expectStatus(200).result();
    }

    private String createVpcEndpoint(Tenant tenant, String serviceName, String region) {
        return api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", region))
                .expectStatus(200).result().get("vpcEndpointId").asString();
    }

    private void register(Tenant tenant, String provider, String id, String region, String scope) {
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                "cloudProvider", provider, "id", id, "description", "reconciled", "region", region, "scope", scope)))))
                .expectStatus(200);
    }

    private void addToService(Tenant tenant, String serviceId, String id) {
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(id)))).expectStatus(200);
    }

    private JsonNode registration(Tenant tenant, String id) {
        return api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).expectStatus(200).result();
    }

    private JsonNode awaitStatus(Tenant tenant, String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> registration(tenant, id).get("status").asString().equals(status));
        return registration(tenant, id);
    }

    /** The endpoint ids the data-plane feed lets through to the service. */
    private List<String> feed(String provider, String region, String serviceId) {
        JsonNode services = api.as(Credentials.DEV_OPERATOR).get("/v1/operator/endpointFilters?provider=" + provider
                + "&region=" + region).expectStatus(200).result().get("services");
        return StreamSupport.stream(services.spliterator(), false)
                .filter(s -> s.get("serviceId").asString().equals(serviceId))
                .flatMap(s -> StreamSupport.stream(s.get("allowedEndpointIds").spliterator(), false))
                .map(JsonNode::asString).toList();
    }

    /** How many connection listings the sandbox answered since then (in a region, or anywhere). */
    private long listings(Instant since, String region) {
        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?since=" + since
                + (region == null ? "" : "&region=" + region)).expectStatus(200).result();
        return StreamSupport.stream(ledger.get("operations").spliterator(), false)
                .filter(op -> op.get("operation").asString().equals("listConnections"))
                .mapToLong(op -> op.get("calls").asLong()).sum();
    }

    /** No registration or removal workflow is waiting (their batches list connections too). */
    private void quiet() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> api.jdbc().sql("""
                        select count(*) from workflow where type in (:types) and status in ('RUNNING', 'WAITING')""")
                .param("types", List.of(RegistrationRuns.REGISTER, RegistrationRuns.REMOVE)).query(Long.class).single() == 0);
    }

    private void rejectInTheConsole(Tenant tenant, CloudProvider provider, String region, String endpointId) {
        EndpointService service = directory.assigned(tenant.orgId(), provider, region).orElseThrow();
        CloudEndpointConnections cloud = clouds.connections(provider);
        cloud.rejectConnection(service.ref(), connection(cloud, service, endpointId), "rejected in the console");
    }

    private void acceptInTheConsole(Tenant tenant, String region, String endpointId) {
        EndpointService service = directory.assigned(tenant.orgId(), CloudProvider.AWS, region).orElseThrow();
        CloudEndpointConnections cloud = clouds.connections(CloudProvider.AWS);
        cloud.acceptConnection(service.ref(), connection(cloud, service, endpointId));
    }

    private static EndpointConnection connection(CloudEndpointConnections cloud, EndpointService service, String endpointId) {
        return cloud.listConnections(service.ref()).stream().filter(c -> c.matches(endpointId)).findFirst().orElseThrow();
    }
}
