package dev.privatelink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What broke for clients of ClickHouse Cloud's API (its Terraform provider, clickhousectl) before this
 * API followed ClickHouse's contract, one test per breakage: each fails if it comes back.
 */
@IntegrationTest
class ClickHouseClientBreakagesIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void fieldsOfClickHousesSchemasAreAcceptedAndAFieldOfNeitherIsStillNamed() {
        Tenant tenant = api.newTenant("SCALE");
        // Terraform's clickhouse_organization_settings sets enableCoreDumps and reads it back
        assertThat(api.as(tenant.admin()).patch(tenant.path(), Map.of("enableCoreDumps", true)).expectStatus(200)
                .result().get("enableCoreDumps").asBoolean()).isTrue();
        assertThat(api.as(tenant.developer()).get(tenant.path()).result().get("enableCoreDumps").asBoolean()).isTrue();
        // a remove item as Terraform sends it, with its description
        String endpoint = vpce();
        registerInOrganization(tenant, endpoint);
        JsonNode removed = api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove", List.of(Map.of(
                "cloudProvider", "aws", "id", endpoint, "description", "old description", "region", "us-west-2")))))
                .expectStatus(200).result();
        assertThat(removed.get("privateEndpoints").findValuesAsString("status")).containsExactly("Deleting");
        // a service body with the fields Terraform and clickhousectl always send
        JsonNode service = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "tf", "provider", "aws",
                "region", "us-west-2", "idleScaling", true, "isReadonly", false,
                "ipAccessList", List.of(Map.of("source", "0.0.0.0/0", "description", "Anywhere")))).expectStatus(200).result();
        String path = tenant.path() + "/services/" + service.get("service").get("id").asString();
        assertThat(api.as(tenant.developer()).get(path).result().get("ipAccessList").toString())
                .isEqualTo("[{\"source\":\"0.0.0.0/0\",\"description\":\"Anywhere\"}]");

        TestApi.Response typo = api.as(tenant.admin()).patch(tenant.path(), Map.of("enableCoreDump", true)).expectStatus(400);
        TestApi.Response unknown = api.as(tenant.admin()).patch(path, Map.of("idleScalling", true)).expectStatus(400);

        assertThat(typo.json().get("error").asString()).contains("field 'enableCoreDump' is not accepted here");
        assertThat(unknown.json().get("error").asString()).contains("field 'idleScalling' is not accepted here");
    }

    @Test
    void everySuccessIs200WithTheEnvelopeCreationsIncluded() {
        TestApi.Response organization = api.as(Credentials.DEV_OPERATOR).post("/v1/organizations",
                Map.of("name", "two-hundred", "plan", "SCALE"));
        String orgPath = "/v1/organizations/" + organization.result().get("id").asString();
        Credentials admin = api.newKey(Credentials.DEV_OPERATOR, organization.result().get("id").asString(), "ADMIN");
        TestApi.Response key = api.as(admin).post(orgPath + "/keys", Map.of("name", "k", "role", "DEVELOPER"));
        TestApi.Response service = api.as(admin).post(orgPath + "/services",
                Map.of("name", "s", "provider", "aws", "region", "us-west-2"));

        for (TestApi.Response created : List.of(organization, key, service)) {
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(created.json().get("status").asInt()).isEqualTo(200);
            assertThat(UUID.fromString(created.json().get("requestId").asString())).isNotNull();
            assertThat(created.result()).isNotNull();
        }
        JsonNode paths = api.anonymous().get("/v3/api-docs").expectStatus(200).json().get("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().get("responses").propertyNames().forEach(status -> assertThat(status)
                        .as(operation.getKey() + " " + path.getKey() + " answers only 200 on success")
                        .matches("200|304|[45]\\d\\d"))));
    }

    @Test
    void postPrivateEndpointAnswersTheEndpointAndTheContractDescribesItsOwnBody() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = newService(tenant, "aws", "us-west-2", "production");
        String endpoint = vpce();

        JsonNode answer = api.as(tenant.admin()).post(tenant.path() + "/services/" + serviceId + "/privateEndpoint",
                Map.of("id", endpoint, "description", "my VPC")).expectStatus(200).result();

        assertThat(answer.get("id").asString()).isEqualTo(endpoint);
        assertThat(answer.get("description").asString()).isEqualTo("my VPC");
        assertThat(answer.get("cloudProvider").asString()).isEqualTo("aws");
        assertThat(answer.get("region").asString()).isEqualTo("us-west-2");
        assertThat(answer.has("name")).as("not the service").isFalse();
        JsonNode again = api.as(tenant.admin()).post(tenant.path() + "/services/" + serviceId + "/privateEndpoint",
                Map.of("id", endpoint, "description", "")).expectStatus(200).result();
        assertThat(again.get("description").asString()).as("clickhousectl's empty description wipes nothing").isEqualTo("my VPC");
        JsonNode document = api.anonymous().get("/v3/api-docs").expectStatus(200).json();
        JsonNode operation = document.at("/paths/~1v1~1organizations~1{orgId}~1services~1{serviceId}~1privateEndpoint/post");
        JsonNode request = schema(document, operation.at("/requestBody/content/application~1json/schema"));
        JsonNode result = schema(document, schema(document, operation.at("/responses/200/content/application~1json/schema"))
                .at("/properties/result"));
        assertThat(request.get("properties").propertyNames()).containsExactlyInAnyOrder("id", "description");
        assertThat(result.get("properties").propertyNames()).contains("id", "description", "cloudProvider", "region")
                .doesNotContain("privateEndpointIds", "privateLinkServiceAlias");
    }

    @Test
    void tierAndStateReadAsClickHouseWritesThemAndTheOldUpperCaseIsStillAccepted() {
        Tenant tenant = api.newTenant("SCALE");
        String upper = newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String lower = newService(tenant, "aws", "us-west-2", "development");

        JsonNode first = api.as(tenant.developer()).get(tenant.path() + "/services/" + upper).expectStatus(200).result();
        JsonNode second = api.as(tenant.developer()).get(tenant.path() + "/services/" + lower).expectStatus(200).result();

        assertThat(first.get("tier").asString()).isEqualTo("production");
        assertThat(second.get("tier").asString()).isEqualTo("development");
        assertThat(first.get("state").asString()).isEqualTo("running");
        assertThat(first.get("isPrimary").isBoolean()).as("Terraform dereferences isPrimary on every read").isTrue();
        Credentials key = api.newKey(tenant.admin(), tenant.orgId().toString(), "developer");
        JsonNode listed = api.as(tenant.admin()).get(tenant.path() + "/keys").result();
        assertThat(listed.findValuesAsString("state")).containsOnly("enabled");
        api.as(tenant.admin()).delete(tenant.path() + "/keys/" + key.keyId()).expectStatus(200);
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/keys").result().findValuesAsString("state")).contains("disabled");
    }

    @Test
    void listsComeBackWholeWithoutPageSizeAndATooLongOneAsksForPages() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        for (int i = 0; i < 120; i++) {
            api.newKey(tenant.admin(), tenant.orgId().toString(), "DEVELOPER");
        }
        createServices(tenant, 1001);

        TestApi.Response keys = api.as(tenant.admin()).get(tenant.path() + "/keys").expectStatus(200);
        TestApi.Response tooLong = api.as(tenant.admin()).get(tenant.path() + "/services").expectStatus(400);
        TestApi.Response page = api.as(tenant.admin()).get(tenant.path() + "/services?pageSize=1000").expectStatus(200);
        String last = page.result().get(999).get("id").asString();
        api.as(tenant.admin()).delete(tenant.path() + "/services/" + last).expectStatus(200);
        TestApi.Response whole = api.as(tenant.admin()).get(tenant.path() + "/services").expectStatus(200);

        assertThat(keys.result().size()).as("120 keys and the admin and developer keys").isEqualTo(122);
        assertThat(keys.json().has("nextPageToken")).isFalse();
        assertThat(tooLong.json().get("error").asString()).contains("more than 1000 items").contains("pageSize");
        assertThat(page.result().size()).isEqualTo(1000);
        assertThat(page.json().has("nextPageToken")).isTrue();
        assertThat(whole.result().size()).isEqualTo(1000);
        assertThat(whole.json().has("nextPageToken")).isFalse();
    }

    @Test
    void privateEndpointConfigAnswersForEveryServiceWhileAttachingKeepsTheAzureProductionRule() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String development = newService(tenant, "azure", "westus3", "development");
        String production = newService(tenant, "azure", "westus3", "production");
        String endpoint = UUID.randomUUID().toString();
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                "cloudProvider", "azure", "id", endpoint, "region", "westus3"))))).expectStatus(200);

        JsonNode config = api.as(tenant.developer()).get(tenant.path() + "/services/" + development + "/privateEndpointConfig")
                .expectStatus(200).result();
        TestApi.Response attach = api.as(tenant.admin()).patch(tenant.path() + "/services/" + development,
                Map.of("privateEndpointIds", Map.of("add", List.of(endpoint))));

        assertThat(config.get("endpointServiceId").asString()).isNotBlank();
        assertThat(config.get("privateDnsHostname").asString()).contains("westus3");
        assertThat(attach.status()).isEqualTo(400);
        assertThat(attach.json().get("error").asString()).containsIgnoringCase("Production services only");
        assertThat(availableIds(tenant, development)).as("nothing can be attached to it").isEmpty();
        assertThat(availableIds(tenant, production)).containsExactly(endpoint);
    }

    @Test
    void availablePrivateEndpointIdsAreTheRegisteredOnesOfTheServicesRegionNotOnItsList() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = newService(tenant, "aws", "us-west-2", "production");
        String attached = vpce();
        String available = vpce();
        String elsewhere = vpce();
        registerInOrganization(tenant, available);
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                "cloudProvider", "aws", "id", elsewhere, "region", "eu-west-1"))))).expectStatus(200);
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(attached)))).expectStatus(200);

        JsonNode service = api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId).result();
        JsonNode listed = api.as(tenant.developer()).get(tenant.path() + "/services").result().get(0);

        assertThat(service.get("privateEndpointIds").toString()).isEqualTo("[\"" + attached + "\"]");
        assertThat(service.get("availablePrivateEndpointIds").toString()).isEqualTo("[\"" + available + "\"]");
        assertThat(listed.get("availablePrivateEndpointIds")).isEqualTo(service.get("availablePrivateEndpointIds"));
    }

    @Test
    void theErrorPageIsNoOperationAndNeverA500AndOperationsAreNamedAndTagsOrdered() {
        TestApi.Response error = api.as(Credentials.DEV_ADMIN).get("/error");
        JsonNode document = api.anonymous().get("/v3/api-docs").expectStatus(200).json();

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.header("Content-Type")).startsWith("application/problem+json");
        assertThat(document.get("paths").has("/error")).isFalse();
        List<String> operationIds = new ArrayList<>();
        document.get("paths").forEach(item -> item.forEach(operation -> operationIds.add(operation.get("operationId").asString())));
        assertThat(operationIds).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[a-z]+[A-Z][A-Za-z]+"));
        assertThat(operationIds).contains("listServices", "updateOrganization", "createServicePrivateEndpoint");
        List<String> tags = document.get("tags").findValuesAsString("name");
        assertThat(tags.subList(0, 5)).containsExactly("Organizations", "Services", "Private endpoints", "Reverse private endpoints",
                "API keys");
        assertThat(tags.getLast()).startsWith("Sandbox");
        assertThat(tags.indexOf("Operator: workflows")).isLessThan(tags.indexOf("Sandbox cloud: customer side"));
    }

    private static JsonNode schema(JsonNode document, JsonNode schema) {
        return schema.has("$ref") ? document.at(schema.get("$ref").asString().substring(1)) : schema;
    }

    private List<String> availableIds(Tenant tenant, String serviceId) {
        return api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId).expectStatus(200).result()
                .get("availablePrivateEndpointIds").valueStream().map(JsonNode::asString).toList();
    }

    private String newService(Tenant tenant, String provider, String region, String tier) {
        return api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "svc-" + UUID.randomUUID(),
                "provider", provider, "region", region, "tier", tier)).expectStatus(200).result().get("service").get("id").asString();
    }

    private void createServices(Tenant tenant, int count) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(pool.submit(() -> newService(tenant, "aws", "eu-west-1", "development")));
            }
            for (Future<?> future : created) {
                future.get();
            }
        }
    }

    private void registerInOrganization(Tenant tenant, String endpoint) {
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                "cloudProvider", "aws", "id", endpoint, "region", "us-west-2"))))).expectStatus(200);
    }

    private static String vpce() {
        StringBuilder id = new StringBuilder("vpce-");
        for (int i = 0; i < 17; i++) {
            id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return id.toString();
    }
}
