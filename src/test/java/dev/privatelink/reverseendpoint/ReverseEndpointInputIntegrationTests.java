package dev.privatelink.reverseendpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static dev.privatelink.reverseendpoint.ReverseFlows.PLATFORM_ACCOUNT;
import static dev.privatelink.reverseendpoint.ReverseFlows.endpointServiceBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input answers 4xx with a message naming the field and what to send, never 500, and nothing is
 * created; seed 001's rules (regions, one endpoint per target, DNS names) are enforced at the API.
 */
@IntegrationTest
class ReverseEndpointInputIntegrationTests {

    static final String SERVICE_NAME = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
    static final String SHARE = "arn:aws:ram:us-east-1:444455556666:resource-share/7ab63972-b505-7e2a-420d-1f5c2e8b9a10";
    static final String CLUSTER = "arn:aws:kafka:us-east-1:444455556666:cluster/orders/0b5e7c1a-1111-2222-3333-444455556666-2";

    @Autowired
    TestApi api;

    ReverseFlows flows;
    Tenant tenant;
    String serviceId;

    @BeforeEach
    void aService() {
        flows = new ReverseFlows(api);
        tenant = api.newTenant("SCALE");
        serviceId = flows.newService(tenant, "us-east-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            no type                  | {"description":"x"}                                                              | type is required
            unknown type             | {"type":"VPC_PEERING"}                                                          | type 'VPC_PEERING' is not one of
            GCP                      | {"type":"GCP_PSC_SERVICE_ATTACHMENT","gcpServiceAttachment":"projects/p/regions/r/serviceAttachments/s"} | not supported by this platform
            service name missing     | {"type":"VPC_ENDPOINT_SERVICE"}                                                  | vpcEndpointServiceName is required for type VPC_ENDPOINT_SERVICE
            share missing            | {"type":"VPC_RESOURCE","vpcResourceConfigurationId":"rcfg-0123456789abcdef0"}    | vpcResourceShareArn is required for type VPC_RESOURCE
            configuration missing    | {"type":"VPC_RESOURCE","vpcResourceShareArn":"SHARE"}                            | vpcResourceConfigurationId is required for type VPC_RESOURCE
            authentication missing   | {"type":"MSK_MULTI_VPC","mskClusterArn":"CLUSTER"}                               | mskAuthentication is required for type MSK_MULTI_VPC
            cluster missing          | {"type":"MSK_MULTI_VPC","mskAuthentication":"SASL_IAM"}                          | mskClusterArn is required for type MSK_MULTI_VPC
            another type's field     | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","mskClusterArn":"CLUSTER"} | mskClusterArn is not used by type VPC_ENDPOINT_SERVICE
            GCP field                | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","gcpServiceAttachment":"x"} | gcpServiceAttachment is used only by type GCP_PSC_SERVICE_ATTACHMENT
            malformed service name   | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"vpce-svc-0123"}        | vpcEndpointServiceName 'vpce-svc-0123' is not a VPC endpoint service name
            region not AWS           | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"com.amazonaws.vpce.mars-1.vpce-svc-0123456789abcdef0"} | names region 'mars-1'
            malformed share          | {"type":"VPC_RESOURCE","vpcResourceConfigurationId":"rcfg-0123456789abcdef0","vpcResourceShareArn":"share-1"} | vpcResourceShareArn 'share-1' is not a resource share ARN
            malformed configuration  | {"type":"VPC_RESOURCE","vpcResourceConfigurationId":"cfg-1","vpcResourceShareArn":"SHARE"} | vpcResourceConfigurationId 'cfg-1'
            malformed cluster        | {"type":"MSK_MULTI_VPC","mskClusterArn":"orders","mskAuthentication":"SASL_IAM"}  | mskClusterArn 'orders' is not an MSK cluster ARN
            unknown authentication   | {"type":"MSK_MULTI_VPC","mskClusterArn":"CLUSTER","mskAuthentication":"TLS"}      | mskAuthentication 'TLS' is not one of SASL_IAM, SASL_SCRAM
            cross-region resource    | {"type":"VPC_RESOURCE","vpcResourceConfigurationId":"rcfg-0123456789abcdef0","vpcResourceShareArn":"arn:aws:ram:eu-west-1:444455556666:resource-share/x"} | Only VPC_ENDPOINT_SERVICE works across regions
            cross-region MSK         | {"type":"MSK_MULTI_VPC","mskClusterArn":"arn:aws:kafka:eu-west-1:444455556666:cluster/o/1-2","mskAuthentication":"SASL_IAM"} | MSK_MULTI_VPC works only in the platform region that serves this service (us-east-1)
            MSK with DNS names       | {"type":"MSK_MULTI_VPC","mskClusterArn":"CLUSTER","mskAuthentication":"SASL_IAM","customPrivateDnsMappings":[{"privateDnsName":"k.example.com"}]} | customPrivateDnsMappings are not supported for MSK_MULTI_VPC
            bad DNS name             | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","customPrivateDnsMappings":[{"privateDnsName":"a..b"}]} | customPrivateDnsMappings[0].privateDnsName 'a..b' is not a DNS name
            wildcard inside          | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","customPrivateDnsMappings":[{"privateDnsName":"a.*.example.com"}]} | customPrivateDnsMappings[0].privateDnsName
            a DNS name twice         | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","customPrivateDnsMappings":[{"privateDnsName":"k.example.com"},{"privateDnsName":"K.Example.com"}]} | customPrivateDnsMappings[1].privateDnsName 'K.Example.com' is listed twice
            unknown field            | {"type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"NAME","vpcEndpointServiceRegion":"x"} | field 'vpcEndpointServiceRegion' is not accepted here
            """)
    void aCreateRefusedNamesTheFieldAndCreatesNothing(String name, String body, String message) {
        String json = body.replace("SHARE", SHARE).replace("CLUSTER", CLUSTER).replace("NAME", SERVICE_NAME);

        TestApi.Response response = api.as(tenant.admin()).send("POST", flows.endpointsPath(tenant, serviceId), json);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains(message);
        assertThat(response.json().get("error").asString()).startsWith("BAD_REQUEST: ");
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, serviceId)).result()).isEmpty();
    }

    @Test
    void aDescriptionLongerThan255IsRefused() {
        Map<String, Object> body = new HashMap<>(endpointServiceBody("d".repeat(256), SERVICE_NAME));

        TestApi.Response response = flows.create(tenant, serviceId, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("description");
    }

    @Test
    void aServiceInARegionWithoutClickPipesHasNone() {
        String far = flows.newService(tenant, "sa-east-1");

        TestApi.Response response = flows.create(tenant, far, endpointServiceBody("x", SERVICE_NAME));
        TestApi.Response config = api.as(tenant.admin()).get(tenant.path() + "/services/" + far + "/reversePrivateEndpointConfig");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("sa-east-1").contains("us-east-1");
        assertThat(config.status()).isEqualTo(400);
    }

    @Test
    void anAzureServiceHasNone() {
        TestApi.Response created = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "az",
                "provider", "azure", "region", "westus3", "tier", "PRODUCTION"));
        JsonNode result = created.result();
        String azure = (result.has("service") ? result.get("service") : result).get("id").asString();

        TestApi.Response response = flows.create(tenant, azure, endpointServiceBody("x", SERVICE_NAME));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("AWS");
    }

    @Test
    void theConfigSaysWhatToAllowAndWhereTheEndpointsLive() {
        JsonNode config = api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId + "/reversePrivateEndpointConfig")
                .expectStatus(200).result();

        assertThat(config.get("accountId").asString()).isEqualTo(PLATFORM_ACCOUNT);
        assertThat(config.get("principalArn").asString()).isEqualTo("arn:aws:iam::" + PLATFORM_ACCOUNT + ":root");
        assertThat(config.get("region").asString()).isEqualTo("us-east-1");
        assertThat(ReverseFlows.strings(config.get("supportedTypes"))).containsExactly("VPC_ENDPOINT_SERVICE", "VPC_RESOURCE", "MSK_MULTI_VPC");
        assertThat(ReverseFlows.strings(config.get("crossRegionTypes"))).containsExactly("VPC_ENDPOINT_SERVICE");
    }

    @Test
    void aCustomDnsNameLeadsToOneEndpointOfAService() {
        JsonNode one = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        JsonNode two = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        Map<String, Object> first = new HashMap<>(endpointServiceBody("one", one.get("serviceName").asString()));
        first.put("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "kafka.example.com")));
        String firstId = flows.created(tenant, serviceId, first).get("id").asString();
        String secondId = flows.created(tenant, serviceId, endpointServiceBody("two", two.get("serviceName").asString())).get("id").asString();

        TestApi.Response clash = api.as(tenant.admin()).patch(flows.endpointsPath(tenant, serviceId) + "/" + secondId,
                Map.of("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "KAFKA.example.com"))));

        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().get("detail").asString()).contains(firstId);
        // in another service the name is free
        String other = flows.newService(tenant, "us-east-1");
        Map<String, Object> elsewhere = new HashMap<>(endpointServiceBody("one", one.get("serviceName").asString()));
        elsewhere.put("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "kafka.example.com")));
        flows.created(tenant, other, elsewhere);
    }

    @Test
    void anUnknownEndpointOrOneOfAnotherServiceIs404() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String id = flows.created(tenant, serviceId, endpointServiceBody("one", service.get("serviceName").asString())).get("id").asString();
        String other = flows.newService(tenant, "us-east-1");

        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, other) + "/" + id).status()).isEqualTo(404);
        assertThat(api.as(tenant.admin()).delete(flows.endpointsPath(tenant, other) + "/" + id).status()).isEqualTo(404);
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, serviceId) + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, serviceId) + "/not-a-uuid").status()).isEqualTo(400);
        assertThat(api.as(tenant.admin()).get(flows.endpointsPath(tenant, UUID.randomUUID().toString())).status()).isEqualTo(404);
    }

    @Test
    void aPatchWithoutTheListChangesNothingAndAnEmptyListClearsIt() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        Map<String, Object> body = new HashMap<>(endpointServiceBody("one", service.get("serviceName").asString()));
        body.put("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "kafka.example.com")));
        String id = flows.created(tenant, serviceId, body).get("id").asString();
        String path = flows.endpointsPath(tenant, serviceId) + "/" + id;

        JsonNode untouched = api.as(tenant.admin()).patch(path, Map.of()).expectStatus(200).result();
        JsonNode cleared = api.as(tenant.admin()).patch(path, Map.of("customPrivateDnsMappings", List.of())).expectStatus(200).result();

        assertThat(untouched.get("customPrivateDnsMappings")).hasSize(1);
        assertThat(cleared.get("customPrivateDnsMappings")).isEmpty();
    }
}
