package dev.privatelink.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class InboundFailurePathIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends clouds;
    @Autowired
    EndpointServiceDirectory directory;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void azureEndpointWaitsForAProductionAllowListThenIsApproved() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        assertThat(config.get("endpointServiceId").asString()).matches("production-westus3-.*\\.westus3\\.azure\\.privatelinkservice");
        assertThat(config.get("privateDnsHostname").asString()).matches("[a-z0-9]{10}\\.westus3\\.privatelink\\.azure\\..+");
        assertThat(config.get("dnsZone").asString()).startsWith("westus3.privatelink.azure.");

        String guid = flows().createPrivateEndpoint(tenant, config.get("endpointServiceId").asString(), "westus3");
        flows().registerInOrganization(tenant, "azure", guid, "westus3").expectStatus(200);
        JsonNode pending = flows().awaitStatus(tenant, guid, "PendingAcceptance");
        assertThat(pending.get("statusReason").get("message").asString()).contains("allow list");

        flows().addToService(tenant, serviceId, guid).expectStatus(200);
        JsonNode ready = flows().awaitStatus(tenant, guid, "Ready");
        assertThat(ready.get("connectionState").asString()).isEqualTo("Approved");
    }

    @Test
    void azureOnADevelopmentServiceIsRefusedWithTheReason() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "DEVELOPMENT");
        TestApi.Response refused = flows().addToService(tenant, serviceId, UUID.randomUUID().toString()).expectStatus(400);
        assertThat(refused.json().get("error").asString()).containsIgnoringCase("Production services only");
    }

    @Test
    void awsOnTheBasicPlanIsRefused() {
        Tenant tenant = api.newTenant("BASIC");
        TestApi.Response refused = flows().registerInOrganization(tenant, "aws", "vpce-0123456789abcdef0", "us-west-2")
                .expectStatus(403);
        assertThat(refused.json().get("error").asString()).contains("SCALE or ENTERPRISE");
    }

    @Test
    void malformedIdsAreRefusedSayingWhatIsExpected() {
        Tenant tenant = api.newTenant("SCALE");
        TestApi.Response aws = flows().registerInOrganization(tenant, "aws", "vpc-123", "us-west-2").expectStatus(400);
        assertThat(aws.json().get("error").asString()).contains("expected 'vpce-' followed by 17 (or, for older endpoints, 8) hexadecimal digits");
        TestApi.Response azure = flows().registerInOrganization(tenant, "azure", "not-a-guid", "westus3").expectStatus(400);
        assertThat(azure.json().get("error").asString()).contains("resourceGuid");
        TestApi.Response region = flows().registerInOrganization(tenant, "aws", "vpce-0123456789abcdef0", "westus3").expectStatus(400);
        assertThat(region.json().get("error").asString()).contains("AWS region");
        assertThat(api.as(tenant.admin()).get(tenant.path()).result().get("privateEndpoints").size()).isZero();
    }

    @Test
    void anEndpointThatNeverConnectsWaitsThenExpires() {
        Tenant tenant = api.newTenant("SCALE");
        flows().registerInOrganization(tenant, "aws", "vpce-0000000000000000a", "us-west-2").expectStatus(200);
        JsonNode waiting = flows().awaitStatus(tenant, "vpce-0000000000000000a", "WaitingForConnection");
        assertThat(waiting.get("statusReason").get("code").asString()).isEqualTo("NO_CONNECTION");
        JsonNode expired = flows().awaitStatus(tenant, "vpce-0000000000000000a", "Expired");
        assertThat(expired.get("statusReason").get("code").asString()).isEqualTo("NEVER_CONNECTED");
    }

    @Test
    void anEndpointRegisteredForAnotherRegionFailsWithRegionMismatch() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String vpce = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");

        flows().registerInOrganization(tenant, "aws", vpce, "us-east-1").expectStatus(200);

        JsonNode failed = flows().awaitStatus(tenant, vpce, "Failed");
        assertThat(failed.get("statusReason").get("code").asString()).isEqualTo("REGION_MISMATCH");
        assertThat(failed.get("statusReason").get("message").asString()).contains("us-east-1").contains("us-west-2");
    }

    @Test
    void aRejectedConnectionMakesTheRegistrationRejected() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String vpce = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        var endpointService = directory.assigned(tenant.orgId(), CloudProvider.AWS, "us-west-2").orElseThrow();
        CloudEndpointConnections cloud = clouds.connections(CloudProvider.AWS);
        var connection = cloud.listConnections(endpointService.ref()).stream().filter(c -> c.matches(vpce)).findFirst().orElseThrow();
        cloud.rejectConnection(endpointService.ref(), connection, "test");

        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);

        assertThat(flows().awaitStatus(tenant, vpce, "Rejected").get("statusReason").get("code").asString()).isEqualTo("REJECTED");
    }

    @Test
    void removeIsAppliedBeforeAddInOneRequest() {
        Tenant tenant = api.newTenant("SCALE");
        String id = "vpce-0000000000000000b";
        flows().registerInOrganization(tenant, "aws", id, "us-west-2").expectStatus(200);
        JsonNode org = api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of(
                "remove", List.of(Map.of("cloudProvider", "aws", "id", id, "region", "us-west-2")),
                "add", List.of(Map.of("cloudProvider", "aws", "id", id, "description", "again", "region", "us-west-2")))))
                .expectStatus(200).result();
        assertThat(org.get("privateEndpoints")).hasSize(1);
        assertThat(org.get("privateEndpoints").get(0).get("description").asString()).isEqualTo("again");
        assertThat(org.get("privateEndpoints").get(0).get("status").asString()).isEqualTo("Provisioning");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResponseAndRefusesAnotherBody() {
        Tenant tenant = api.newTenant("SCALE");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", "aws", "id", "vpce-0000000000000000c", "description", "d", "region", "us-west-2"))));
        TestApi.Response first = api.as(tenant.admin()).header("Idempotency-Key", key).patch(tenant.path(), body).expectStatus(200);
        TestApi.Response again = api.as(tenant.admin()).header("Idempotency-Key", key).patch(tenant.path(), body).expectStatus(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));

        TestApi.Response other = api.as(tenant.admin()).header("Idempotency-Key", key)
                .patch(tenant.path(), Map.of("name", "something else")).expectStatus(422);
        assertThat(other.json().get("error").asString()).contains("different request");
        // another key holder's identical key is a different key
        api.as(api.newKey(TestApi.Credentials.DEV_OPERATOR, tenant.orgId().toString(), "ADMIN"))
                .header("Idempotency-Key", key).patch(tenant.path(), Map.of("name", "renamed")).expectStatus(200);
    }

    @Test
    void aRequestStillRunningWithTheSameKeyAnswersConflict() {
        Tenant tenant = api.newTenant("SCALE");
        String key = UUID.randomUUID().toString();
        // the first request holds the key while it runs: simulate it by its record
        api.jdbc().sql("""
                        insert into idempotency_key (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                        values (:keyId, :key, 'x', 'IN_FLIGHT', now(), now() + interval '1 hour')""")
                .param("keyId", tenant.admin().keyId()).param("key", key).update();
        // the hash differs from 'x' only if the body differs: use the in-flight check with the same hash
        api.jdbc().sql("update idempotency_key set request_hash = :hash where idempotency_key = :key")
                .param("hash", sameRequestHash(tenant)).param("key", key).update();
        TestApi.Response conflict = api.as(tenant.admin()).header("Idempotency-Key", key)
                .patch(tenant.path(), Map.of("name", "n")).expectStatus(409);
        assertThat(conflict.json().get("error").asString()).contains("still being processed");
    }

    private static String sameRequestHash(Tenant tenant) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(("PATCH " + tenant.path() + "?\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update("{\"name\":\"n\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ifMatchWithAStaleETagIsRefused() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String etag = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId).expectStatus(200).header("ETag");
        api.as(tenant.admin()).header("If-Match", etag).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of("vpce-0000000000000000d")))).expectStatus(200);
        TestApi.Response stale = api.as(tenant.admin()).header("If-Match", etag).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of("vpce-0000000000000000e")))).expectStatus(412);
        assertThat(stale.json().get("error").asString()).contains("changed since you read it");
        String orgTag = api.as(tenant.admin()).get(tenant.path()).header("ETag");
        flows().registerInOrganization(tenant, "aws", "vpce-0000000000000000f", "us-west-2").expectStatus(200);
        api.as(tenant.admin()).header("If-Match", orgTag).patch(tenant.path(), Map.of("name", "x")).expectStatus(412);
    }

    @Test
    void concurrentPatchesAddingDifferentIdsAllTakeEffect() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String id = String.format("vpce-%017x", 0x1000 + i);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return flows().addToService(tenant, serviceId, id).status();
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        start.countDown();
        for (CompletableFuture<Integer> result : results) {
            assertThat(result.get()).isEqualTo(200);
        }
        JsonNode service = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId).result();
        assertThat(service.get("privateEndpointIds")).hasSize(writers);
        assertThat(api.as(tenant.admin()).get(tenant.path()).result().get("privateEndpoints")).hasSize(writers);
    }

    @Test
    void anotherOrganizationSeesNothingAndDevelopersCannotWrite() {
        Tenant tenant = api.newTenant("SCALE");
        Tenant other = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        flows().registerInOrganization(tenant, "aws", "vpce-00000000000000010", "us-west-2").expectStatus(200);

        api.as(other.admin()).get(tenant.path() + "/privateEndpoints/vpce-00000000000000010").expectStatus(404);
        api.as(other.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig").expectStatus(404);
        api.as(other.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of("vpce-00000000000000011")))).expectStatus(404);
        api.as(tenant.developer()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of("vpce-00000000000000011")))).expectStatus(403);
        api.as(tenant.developer()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", "vpce-00000000000000010"))))).expectStatus(403);
        api.as(tenant.developer()).get(tenant.path() + "/privateEndpoints/vpce-00000000000000010").expectStatus(200);
    }

    @Test
    void theDataPlaneFeedShowsReadyEndpointsAndAnswers304UntilItChanges() {
        Tenant tenant = api.newTenant("SCALE");
        String region = "eu-west-1";
        String serviceId = flows().newService(tenant, "aws", region, "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String feedPath = "/v1/operator/endpointFilters?provider=aws&region=" + region;
        TestApi.Response before = api.as(TestApi.Credentials.DEV_OPERATOR).get(feedPath).expectStatus(200);
        api.as(TestApi.Credentials.DEV_OPERATOR).header("If-None-Match", before.header("ETag")).get(feedPath).expectStatus(304);

        String vpce = flows().createVpcEndpoint(tenant, serviceName, region);
        flows().registerInOrganization(tenant, "aws", vpce, region).expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");

        TestApi.Response after = api.as(TestApi.Credentials.DEV_OPERATOR).header("If-None-Match", before.header("ETag"))
                .get(feedPath).expectStatus(200);
        assertThat(after.result().get("version").asLong()).isGreaterThan(before.result().get("version").asLong());
        JsonNode entry = null;
        for (JsonNode s : after.result().get("services")) {
            if (s.get("serviceId").asString().equals(serviceId)) {
                entry = s;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("allowedEndpointIds").toString()).isEqualTo("[\"" + vpce + "\"]");
        api.as(tenant.admin()).get(feedPath).expectStatus(403);
    }

    @Test
    void theDiagnosisNamesTheMissingAllowListEntry() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String vpce = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");

        JsonNode checks = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/" + vpce
                + "/diagnosis").expectStatus(200).result();
        Map<String, String> results = new java.util.HashMap<>();
        checks.forEach(c -> results.put(c.get("check").asString(), c.get("result").asString()));
        assertThat(results).containsEntry("registeredInOrganization", "PASS").containsEntry("onServiceAllowList", "FAIL")
                .containsEntry("connectionState", "PASS").containsEntry("region", "PASS");
    }

    @Test
    void theOrganizationConfigWorksBeforeAnyServiceExists() {
        Tenant tenant = api.newTenant("SCALE");
        JsonNode config = api.as(tenant.admin()).get(tenant.path() + "/privateEndpointConfig?cloud_provider=aws&region_id=ap-south-1")
                .expectStatus(200).result();
        assertThat(config.get("endpointServiceId").asString()).startsWith("com.amazonaws.vpce.ap-south-1.vpce-svc-");
        api.as(tenant.admin()).get(tenant.path() + "/privateEndpointConfig?cloud_provider=gcp&region_id=x").expectStatus(400);
    }
}
