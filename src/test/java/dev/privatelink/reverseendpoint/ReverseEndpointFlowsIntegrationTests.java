package dev.privatelink.reverseendpoint;

import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static dev.privatelink.reverseendpoint.ReverseFlows.PLATFORM_ACCOUNT;
import static dev.privatelink.reverseendpoint.ReverseFlows.endpointServiceBody;
import static dev.privatelink.reverseendpoint.ReverseFlows.mskBody;
import static dev.privatelink.reverseendpoint.ReverseFlows.resourceBody;
import static dev.privatelink.reverseendpoint.ReverseFlows.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each type of reverse endpoint end to end on the sandbox, as a customer and a ClickHouse client would
 * go: the customer's side first, then POST, GET until Ready with DNS names, custom DNS names, DELETE
 * until 404.
 */
@IntegrationTest
class ReverseEndpointFlowsIntegrationTests {

    @Autowired
    TestApi api;

    ReverseFlows flows;
    Tenant tenant;
    String serviceId;

    @BeforeEach
    void aServiceInUsEast1() {
        flows = new ReverseFlows(api);
        tenant = api.newTenant("SCALE");
        serviceId = flows.newService(tenant, "us-east-1");
    }

    @Test
    void aVpcEndpointServiceWithoutAcceptanceBecomesReadyWithItsNamesAndIsDeletedTo404() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(),
                "kafka.orders.internal");
        String serviceName = service.get("serviceName").asString();

        JsonNode created = flows.created(tenant, serviceId, endpointServiceBody("kafka", serviceName));

        assertThat(created.get("status").asString()).isEqualTo("Provisioning");
        assertThat(created.get("vpcEndpointServiceName").asString()).isEqualTo(serviceName);
        assertThat(created.get("serviceId").asString()).isEqualTo(serviceId);
        assertThat(created.has("vpcResourceShareArn")).isFalse();
        String id = created.get("id").asString();

        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(ready.get("endpointId").asString()).matches("vpce-[0-9a-f]{17}");
        assertThat(strings(ready.get("dnsNames"))).isNotEmpty().allMatch(n -> n.endsWith(".vpce.amazonaws.com"));
        assertThat(strings(ready.get("privateDnsNames"))).containsExactly("kafka.orders.internal");
        assertThat(ready.get("region").asString()).isEqualTo("us-east-1");
        // the customer sees the platform's connection on their service, owned by the platform's account
        JsonNode connections = api.as(tenant.admin()).get("/v1/sandbox/aws/endpointServices/"
                + service.get("serviceId").asString() + "/connections").expectStatus(200).result();
        assertThat(connections.get(0).get("vpcEndpointId").asString()).isEqualTo(ready.get("endpointId").asString());
        assertThat(connections.get(0).get("vpcEndpointOwner").asString()).isEqualTo(PLATFORM_ACCOUNT);
        assertThat(connections.get(0).get("vpcEndpointState").asString()).isEqualTo("available");

        api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200);
        flows.awaitGone(tenant, serviceId, id);
        assertThat(api.as(tenant.admin()).get("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString()
                + "/connections").result().get(0).get("vpcEndpointState").asString()).isEqualTo("deleted");
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, serviceId)).expectStatus(200).result()).isEmpty();
    }

    @Test
    void aConnectionThatNeedsAcceptanceWaitsInPendingAcceptanceUntilTheOwnerAcceptsIt() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", true, List.of("arn:aws:iam::" + PLATFORM_ACCOUNT + ":root"),
                List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString()))
                .get("id").asString();

        JsonNode pending = flows.awaitStatus(tenant, serviceId, id, "PendingAcceptance");
        assertThat(pending.get("statusReason").get("message").asString()).contains(service.get("serviceName").asString());
        assertThat(pending.get("dnsNames")).isEmpty();

        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString() + "/connections/"
                + pending.get("endpointId").asString() + "/accept", Map.of()).expectStatus(200);

        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(strings(ready.get("dnsNames"))).isNotEmpty();
        assertThat(ready.get("privateDnsNames")).isEmpty();
    }

    @Test
    void aRejectedConnectionIsRejected() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", true, List.of("*"), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("pg", service.get("serviceName").asString()))
                .get("id").asString();
        JsonNode pending = flows.awaitStatus(tenant, serviceId, id, "PendingAcceptance");

        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString() + "/connections/"
                + pending.get("endpointId").asString() + "/reject", Map.of()).expectStatus(200);

        JsonNode rejected = flows.awaitStatus(tenant, serviceId, id, "Rejected");
        assertThat(rejected.get("statusReason").get("code").asString()).isEqualTo("REJECTED");
    }

    @Test
    void aVpcResourceAcceptsTheShareFromItsOwnerAndBecomesReady() {
        JsonNode configuration = flows.resourceConfiguration(tenant, "us-east-1", List.of(PLATFORM_ACCOUNT));

        String id = flows.created(tenant, serviceId, resourceBody("rds", configuration)).get("id").asString();

        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(ready.get("vpcResourceConfigurationId").asString())
                .isEqualTo(configuration.get("resourceConfigurationId").asString());
        assertThat(ready.get("vpcResourceShareArn").asString()).isEqualTo(configuration.get("resourceShareArn").asString());
        assertThat(strings(ready.get("dnsNames"))).singleElement().asString()
                .contains(configuration.get("resourceConfigurationId").asString());
        assertThat(api.jdbc().sql("select status from sandbox_resource_share_invitation where resource_share_arn = ?")
                .param(configuration.get("resourceShareArn").asString()).query(String.class).single()).isEqualTo("ACCEPTED");
    }

    @Test
    void anMskMultiVpcConnectionIsReadyWithTheBrokersNames() {
        String cluster = flows.mskCluster(tenant, "us-east-1", List.of("SASL_IAM", "SASL_SCRAM"), List.of(PLATFORM_ACCOUNT));

        String id = flows.created(tenant, serviceId, mskBody("kafka", cluster, "SASL_SCRAM")).get("id").asString();

        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(ready.get("endpointId").asString()).startsWith("arn:aws:kafka:us-east-1:" + PLATFORM_ACCOUNT + ":vpc-connection/");
        assertThat(strings(ready.get("privateDnsNames"))).hasSize(3).allMatch(n -> n.matches("b-[123]\\.orders\\..+\\.kafka\\.us-east-1\\.amazonaws\\.com"));
        assertThat(ready.get("mskAuthentication").asString()).isEqualTo("SASL_SCRAM");
        assertThat(api.jdbc().sql("select authentication from sandbox_msk_vpc_connection where vpc_connection_arn = ?")
                .param(ready.get("endpointId").asString()).query(String.class).single()).isEqualTo("SASL_SCRAM");

        api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200);
        flows.awaitGone(tenant, serviceId, id);
    }

    @Test
    void customPrivateDnsNamesBecomeRecordsInThePlatformsPrivateZoneAndGoWithThem() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("kafka", service.get("serviceName").asString()))
                .get("id").asString();
        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        String target = ready.get("dnsNames").get(0).asString();

        JsonNode patched = api.as(tenant.admin()).patch(flows.endpointsPath(tenant, serviceId) + "/" + id, Map.of(
                "customPrivateDnsMappings", List.of(Map.of("privateDnsName", "Kafka.Orders.example.com"),
                        Map.of("privateDnsName", "*.brokers.example.com")))).expectStatus(200).result();

        assertThat(patched.get("customPrivateDnsMappings").get(0).get("privateDnsName").asString()).isEqualTo("Kafka.Orders.example.com");
        assertThat(patched.get("customPrivateDnsMappings").get(1).get("privateDnsName").asString()).isEqualTo("*.brokers.example.com");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                "InSync".equals(flows.get(tenant, serviceId, id).path("customPrivateDnsStatus").path("state").asString()));
        assertThat(records("us-east-1", target)).containsExactlyInAnyOrder("kafka.orders.example.com", "*.brokers.example.com");

        api.as(tenant.admin()).patch(flows.endpointsPath(tenant, serviceId) + "/" + id, Map.of(
                "customPrivateDnsMappings", List.of(Map.of("privateDnsName", "*.brokers.example.com")))).expectStatus(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                records("us-east-1", target).equals(List.of("*.brokers.example.com")));

        api.as(tenant.admin()).delete(flows.endpointsPath(tenant, serviceId) + "/" + id).expectStatus(200);
        flows.awaitGone(tenant, serviceId, id);
        assertThat(records("us-east-1", target)).isEmpty();
    }

    @Test
    void theSameTargetTwiceOnOneServiceIsAConflictNamingTheExistingEndpoint() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("kafka", service.get("serviceName").asString()))
                .get("id").asString();

        TestApi.Response second = flows.create(tenant, serviceId, endpointServiceBody("again", service.get("serviceName").asString()));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains(id);
        // another service of the organization has endpoints of its own
        String otherService = flows.newService(tenant, "us-east-1");
        flows.created(tenant, otherService, endpointServiceBody("kafka", service.get("serviceName").asString()));
    }

    @Test
    void aVpcEndpointServiceInAnotherRegionIsReachedCrossRegionWhenItOffersThePlatformsRegion() {
        JsonNode service = flows.endpointService(tenant, "eu-west-1", false, List.of(PLATFORM_ACCOUNT), List.of("us-east-1"), null);

        String id = flows.created(tenant, serviceId, endpointServiceBody("far", service.get("serviceName").asString()))
                .get("id").asString();

        JsonNode ready = flows.awaitStatus(tenant, serviceId, id, "Ready");
        assertThat(ready.get("region").asString()).isEqualTo("us-east-1");
        assertThat(api.jdbc().sql("select service_region from sandbox_vpc_endpoint where vpc_endpoint_id = ?")
                .param(ready.get("endpointId").asString()).query(String.class).single()).isEqualTo("eu-west-1");
    }

    private List<String> records(String region, String target) {
        return api.jdbc().sql("""
                        select name from sandbox_dns_record
                        where zone_id = ? and type = 'CNAME' and record_values = array[?]::text[] order by name""")
                .params("sandbox-private-" + region, target).query(String.class).list();
    }
}
