package dev.privatelink.reverseendpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response of the five reverse endpoint operations, in every status an endpoint goes through,
 * validates against the response schema ClickHouse's published API document gives that operation and
 * status (uuid formats asserted): 200 for every success, POST and DELETE included, and the 400 body.
 * And what Terraform compares on its next plan comes back exactly as sent.
 */
@IntegrationTest
class ReverseEndpointContractIntegrationTests {

    static final String LIST = "/v1/organizations/{organizationId}/services/{serviceId}/clickpipesReversePrivateEndpoints";
    static final String ONE = LIST + "/{reversePrivateEndpointId}";

    @Autowired
    TestApi api;

    ReverseFlows flows;
    Tenant tenant;
    String serviceId;
    final List<String> checked = new ArrayList<>();

    @BeforeEach
    void aService() {
        flows = new ReverseFlows(api);
        tenant = api.newTenant("SCALE");
        serviceId = flows.newService(tenant, "us-east-1");
    }

    @Test
    void everySuccessOfEveryOperationValidatesAgainstTheReference() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", true, List.of(PLATFORM_ACCOUNT), List.of(), "kafka.orders.internal");
        JsonNode configuration = flows.resourceConfiguration(tenant, "us-east-1", List.of(PLATFORM_ACCOUNT));
        String cluster = flows.mskCluster(tenant, "us-east-1", List.of("SASL_IAM"), List.of(PLATFORM_ACCOUNT));
        String path = flows.endpointsPath(tenant, serviceId);

        String vpce = valid(LIST, "post", api.as(tenant.admin()).post(path, endpointServiceBody("kafka", service.get("serviceName").asString())))
                .result().get("id").asString();
        String resource = valid(LIST, "post", api.as(tenant.admin()).post(path, resourceBody("rds", configuration))).result().get("id").asString();
        String msk = valid(LIST, "post", api.as(tenant.admin()).post(path, mskBody("msk", cluster, "SASL_IAM"))).result().get("id").asString();

        JsonNode pending = flows.awaitStatus(tenant, serviceId, vpce, "PendingAcceptance");
        valid(ONE, "get", api.as(tenant.admin()).get(path + "/" + vpce));
        api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + service.get("serviceId").asString() + "/connections/"
                + pending.get("endpointId").asString() + "/accept", Map.of()).expectStatus(200);
        for (String id : List.of(vpce, resource, msk)) {
            flows.awaitStatus(tenant, serviceId, id, "Ready");
            valid(ONE, "get", api.as(tenant.admin()).get(path + "/" + id));
        }
        valid(LIST, "get", api.as(tenant.admin()).get(path));
        valid(ONE, "patch", api.as(tenant.admin()).patch(path + "/" + vpce, Map.of("customPrivateDnsMappings",
                List.of(Map.of("privateDnsName", "kafka.example.com"), Map.of("privateDnsName", "*.example.com")))));
        valid(ONE, "patch", api.as(tenant.admin()).patch(path + "/" + vpce, Map.of("customPrivateDnsMappings", List.of())));

        valid(ONE, "delete", api.as(tenant.admin()).delete(path + "/" + msk));
        TestApi.Response deleting = api.as(tenant.admin()).get(path + "/" + msk);
        if (deleting.status() == 200) { // the sandbox may already have finished
            valid(ONE, "get", deleting);
        }
        valid(LIST, "get", api.as(tenant.admin()).get(path));

        assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void endpointsThatFailedAndTheirListValidate() {
        JsonNode hidden = flows.endpointService(tenant, "us-east-1", false, List.of("111122223333"), List.of(), null);
        String path = flows.endpointsPath(tenant, serviceId);
        String id = valid(LIST, "post", api.as(tenant.admin()).post(path, endpointServiceBody("hidden", hidden.get("serviceName").asString())))
                .result().get("id").asString();

        flows.awaitStatus(tenant, serviceId, id, "Failed");

        valid(ONE, "get", api.as(tenant.admin()).get(path + "/" + id));
        valid(LIST, "get", api.as(tenant.admin()).get(path));
    }

    @Test
    void refusalsCarryTheReferencesErrorBody() {
        String path = flows.endpointsPath(tenant, serviceId);

        valid(LIST, "post", 400, api.as(tenant.admin()).post(path, Map.of("description", "x", "type", "VPC_RESOURCE")));
        valid(LIST, "post", 400, api.as(tenant.admin()).post(path, Map.of("type", "GCP_PSC_SERVICE_ATTACHMENT",
                "gcpServiceAttachment", "projects/p/regions/us-central1/serviceAttachments/s")));
        valid(ONE, "patch", 400, api.as(tenant.admin()).patch(path + "/" + java.util.UUID.randomUUID(),
                Map.of("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "not a name")))));
    }

    /** What Terraform reads back and compares with its configuration: byte for byte, absent where not sent. */
    @Test
    void theCreateFieldsComeBackExactlyAsSent() {
        JsonNode service = flows.endpointService(tenant, "us-east-1", false, List.of(PLATFORM_ACCOUNT), List.of(), null);
        String description = "  Kafka ⇄ ClickPipes (prod) ";
        String body = "{\"description\":\"" + description + "\",\"type\":\"VPC_ENDPOINT_SERVICE\",\"vpcEndpointServiceName\":\""
                + service.get("serviceName").asString() + "\"}\n";

        JsonNode created = api.as(tenant.admin()).send("POST", flows.endpointsPath(tenant, serviceId), body).expectStatus(200).result();
        JsonNode read = flows.awaitStatus(tenant, serviceId, created.get("id").asString(), "Ready");

        for (JsonNode echoed : List.of(created, read)) {
            assertThat(echoed.get("description").asString()).isEqualTo(description);
            assertThat(echoed.get("type").asString()).isEqualTo("VPC_ENDPOINT_SERVICE");
            assertThat(echoed.get("vpcEndpointServiceName").asString()).isEqualTo(service.get("serviceName").asString());
            for (String unset : List.of("vpcResourceConfigurationId", "vpcResourceShareArn", "mskClusterArn", "mskAuthentication",
                    "gcpServiceAttachment")) {
                assertThat(echoed.path(unset).isMissingNode() || echoed.path(unset).isNull()).as(unset).isTrue();
            }
        }
    }

    private TestApi.Response valid(String operation, String method, TestApi.Response response) {
        return valid(operation, method, 200, response);
    }

    private TestApi.Response valid(String operation, String method, int status, TestApi.Response response) {
        response.expectStatus(status);
        Schema schema = ClickHouseReference.response(operation, method, status);
        assertThat(ClickHouseReference.errors(schema, response.body())).as(method + " " + operation + " " + status + ": " + response.body())
                .isEmpty();
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        checked.add(method + " " + operation);
        return response;
    }
}
