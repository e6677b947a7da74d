package dev.privatelink.sandbox.provider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer's side of the sandbox, its ledger and fault injection, over HTTP. */
@IntegrationTest
class SandboxApiIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends backends;

    @AfterEach
    void noFaults() {
        api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                Map.of("throttleRate", 0, "serverErrorRate", 0, "timeoutRate", 0)).expectStatus(200);
    }

    @Test
    void anyValidKeyCreatesAnAwsEndpointThatLooksLikeAws() {
        TestApi.Tenant tenant = api.newTenant("SCALE");
        EndpointServiceDescription service = awsService("us-west-2");

        JsonNode endpoint = api.as(tenant.developer()).post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", service.serviceName(), "region", "us-west-2")).expectStatus(200).result();

        String vpceId = endpoint.get("vpcEndpointId").asString();
        assertThat(vpceId).matches("vpce-[0-9a-f]{17}");
        assertThat(endpoint.get("serviceName").asString()).isEqualTo(service.serviceName());
        assertThat(endpoint.get("region").asString()).isEqualTo("us-west-2");
        assertThat(endpoint.get("state").asString()).isEqualTo("pendingAcceptance");
        assertThat(endpoint.get("dnsEntries").get(0).get("dnsName").asString())
                .matches(vpceId + "-[0-9a-f]{8}\\." + service.ref().cloudResourceId() + "\\.us-west-2\\.vpce\\.amazonaws\\.com");
        assertThat(endpoint.get("dnsEntries").get(0).get("hostedZoneId").asString()).matches("Z[0-9A-Z]{13}");
        assertThat(api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200)
                .result().get("vpcEndpointId").asString()).isEqualTo(vpceId);
    }

    @Test
    void anotherOrganizationDoesNotSeeTheEndpointButAnOperatorDoes() {
        TestApi.Tenant owner = api.newTenant("SCALE");
        TestApi.Tenant stranger = api.newTenant("SCALE");
        String vpceId = api.as(owner.admin()).post("/v1/sandbox/aws/vpcEndpoints",
                        Map.of("serviceName", awsService("us-east-1").serviceName(), "region", "us-east-1"))
                .expectStatus(200).result().get("vpcEndpointId").asString();

        api.as(stranger.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(404);
        api.as(stranger.admin()).delete("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(404);
        api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200);
    }

    @Test
    void deletingAnAwsEndpointLeavesItDeleted() {
        String vpceId = api.as(Credentials.DEV_ADMIN).post("/v1/sandbox/aws/vpcEndpoints",
                        Map.of("serviceName", awsService("eu-west-2").serviceName(), "region", "eu-west-2"))
                .expectStatus(200).result().get("vpcEndpointId").asString();

        JsonNode deleted = api.as(Credentials.DEV_ADMIN).delete("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200).result();

        assertThat(deleted.get("state").asString()).isEqualTo("deleted");
        api.as(Credentials.DEV_ADMIN).delete("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200);
    }

    @Test
    void badAwsRequestsGetClearFourHundreds() {
        String serviceName = awsService("us-west-2").serviceName();
        TestApi.Request admin = api.as(Credentials.DEV_ADMIN);

        TestApi.Response unknown = admin.post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", "com.amazonaws.vpce.us-west-2.vpce-svc-00000000000000000", "region", "us-west-2"));
        TestApi.Response badRegion = admin.post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", "mars-1"));
        TestApi.Response missing = admin.post("/v1/sandbox/aws/vpcEndpoints", Map.of("region", "us-west-2"));
        TestApi.Response extra = admin.post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", serviceName, "region", "us-west-2", "vpcId", "vpc-1"));
        TestApi.Response malformed = admin.get("/v1/sandbox/aws/vpcEndpoints/not-a-vpce");
        TestApi.Response absent = admin.get("/v1/sandbox/aws/vpcEndpoints/vpce-00000000000000000");

        unknown.expectStatus(404);
        assertThat(unknown.json().get("error").asString())
                .contains("The Vpc Endpoint Service 'com.amazonaws.vpce.us-west-2.vpce-svc-00000000000000000' does not exist");
        badRegion.expectStatus(400);
        assertThat(badRegion.json().get("error").asString()).contains("'mars-1' is not an AWS region");
        missing.expectStatus(400);
        assertThat(missing.json().get("error").asString()).contains("serviceName");
        extra.expectStatus(400);
        malformed.expectStatus(400);
        assertThat(malformed.json().get("error").asString()).contains("expected vpce- and 17 hex digits");
        absent.expectStatus(404);
    }

    @Test
    void anyValidKeyCreatesAnAzurePrivateEndpointThatLooksLikeAzure() {
        TestApi.Tenant tenant = api.newTenant("ENTERPRISE");
        EndpointServiceDescription pls = backends.endpointServiceCreation(CloudProvider.AZURE).orElseThrow().createEndpointService(null, "westus3", UUID.randomUUID().toString());

        JsonNode endpoint = api.as(tenant.developer()).post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", pls.serviceName().toUpperCase(), "region", "eastus2")).expectStatus(200).result();

        String guid = endpoint.get("resourceGuid").asString();
        assertThat(UUID.fromString(guid)).isNotNull();
        assertThat(endpoint.get("resourceId").asString()).matches(
                "/subscriptions/" + tenant.orgId() + "/resourceGroups/[\\w-]+/providers/Microsoft\\.Network/privateEndpoints/[\\w-]+");
        assertThat(endpoint.get("privateIpAddress").asString()).matches("10\\.0\\.\\d{1,3}\\.\\d{1,3}");
        assertThat(endpoint.get("privateLinkServiceAlias").asString()).isEqualTo(pls.serviceName());
        assertThat(endpoint.get("region").asString()).isEqualTo("eastus2");
        assertThat(endpoint.get("connectionState").asString()).isEqualTo("Pending");
        assertThat(api.as(tenant.admin()).get("/v1/sandbox/azure/privateEndpoints/" + guid).expectStatus(200)
                .result().get("resourceId").asString()).isEqualTo(endpoint.get("resourceId").asString());
        assertThat(api.as(tenant.admin()).delete("/v1/sandbox/azure/privateEndpoints/" + guid).expectStatus(200)
                .result().get("connectionState").asString()).isEqualTo("Disconnected");
    }

    @Test
    void badAzureRequestsGetClearFourHundreds() {
        TestApi.Request admin = api.as(Credentials.DEV_ADMIN);

        TestApi.Response unknown = admin.post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", "production-westus3-9-0.nope.westus3.azure.privatelinkservice", "region", "westus3"));
        TestApi.Response badRegion = admin.post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", "x", "region", "us-west-2"));
        TestApi.Response malformed = admin.get("/v1/sandbox/azure/privateEndpoints/not-a-guid");
        TestApi.Response absent = admin.get("/v1/sandbox/azure/privateEndpoints/" + UUID.randomUUID());

        unknown.expectStatus(404);
        assertThat(unknown.json().get("error").asString()).contains("could not be resolved");
        badRegion.expectStatus(400);
        assertThat(badRegion.json().get("error").asString()).contains("'us-west-2' is not an Azure region");
        malformed.expectStatus(400);
        absent.expectStatus(404);
    }

    @Test
    void theLedgerCountsPortCallsByOperationAndOnlyOperatorsReadOrClearIt() {
        TestApi.Tenant tenant = api.newTenant("SCALE");
        Instant since = Instant.now().minusSeconds(1);
        EndpointServiceDescription service = awsService("mx-central-1");
        backends.connections(CloudProvider.AWS).listConnections(service.ref());
        backends.connections(CloudProvider.AWS).listConnections(service.ref());

        api.as(tenant.admin()).get("/v1/sandbox/ledger").expectStatus(403);
        api.as(tenant.developer()).delete("/v1/sandbox/ledger").expectStatus(403);
        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?region=mx-central-1&since=" + since)
                .expectStatus(200).result();

        assertThat(ledger.get("total").asLong()).isEqualTo(3);
        assertThat(ledger.get("operations")).anySatisfy(op -> {
            assertThat(op.get("provider").asString()).isEqualTo("aws");
            assertThat(op.get("operation").asString()).isEqualTo("listConnections");
            assertThat(op.get("calls").asLong()).isEqualTo(2);
            assertThat(op.get("outcomes").get("ok").asLong()).isEqualTo(2);
        });
        assertThat(ledger.get("operations")).anySatisfy(op ->
                assertThat(op.get("operation").asString()).isEqualTo("createEndpointService"));
        assertThat(api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?since=2999-01-01T00:00:00Z")
                .expectStatus(200).result().get("total").asLong()).isZero();

        api.as(Credentials.DEV_OPERATOR).delete("/v1/sandbox/ledger").expectStatus(200);

        assertThat(api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?region=mx-central-1")
                .expectStatus(200).result().get("total").asLong()).isZero();
    }

    @Test
    void operatorsSetFaultsAtRuntimeAndOthersMayNot() {
        TestApi.Tenant tenant = api.newTenant("SCALE");
        Map<String, Object> rates = Map.of("throttleRate", 0.25, "serverErrorRate", 0.1, "timeoutRate", 0.05);

        api.as(tenant.admin()).send("PUT", "/v1/sandbox/faults", rates).expectStatus(403);
        api.as(tenant.developer()).get("/v1/sandbox/faults").expectStatus(403);
        TestApi.Response tooMuch = api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                Map.of("throttleRate", 0.7, "serverErrorRate", 0.7, "timeoutRate", 0));
        TestApi.Response outOfRange = api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                Map.of("throttleRate", 2, "serverErrorRate", 0, "timeoutRate", 0));
        api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults", rates).expectStatus(200);

        tooMuch.expectStatus(400);
        assertThat(tooMuch.json().get("error").asString()).contains("at most 1");
        outOfRange.expectStatus(400);
        assertThat(outOfRange.json().get("error").asString()).contains("throttleRate");
        JsonNode current = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/faults").expectStatus(200).result();
        assertThat(current.get("throttleRate").asDouble()).isEqualTo(0.25);
        assertThat(current.get("serverErrorRate").asDouble()).isEqualTo(0.1);
        assertThat(current.get("timeoutRate").asDouble()).isEqualTo(0.05);
    }

    @Test
    void theCustomerApiNeedsAKey() {
        api.anonymous().post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", "x", "region", "us-west-2")).expectStatus(401);
    }

    private EndpointServiceDescription awsService(String region) {
        return backends.endpointServiceCreation(CloudProvider.AWS).orElseThrow().createEndpointService(null, region, UUID.randomUUID().toString());
    }
}
