package dev.privatelink.endpoint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What users trip on when registering endpoints: every bad input is a 4xx saying why, and changes nothing. */
@IntegrationTest
class InboundInputIntegrationTests {

    private static final String RESOURCE_ID = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app"
            + "/providers/Microsoft.Network/privateEndpoints/pe-clickhouse";

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    private static Map<String, Object> add(String provider, String id, String region) {
        return Map.of("cloudProvider", provider, "id", id, "description", "d", "region", region);
    }

    private TestApi.Response patchOrg(Tenant tenant, Map<String, Object> privateEndpoints) {
        return api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", privateEndpoints));
    }

    private int registrations(Tenant tenant) {
        return api.as(tenant.admin()).get(tenant.path()).result().get("privateEndpoints").size();
    }

    @Test
    void anAzureEndpointRegisteredByResourceIdIsReadableByQueryAndByRegistrationId() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        JsonNode registered = patchOrg(tenant, Map.of("add", List.of(add("azure", RESOURCE_ID, "westus3")))).expectStatus(200).result();
        String registrationId = registered.get("privateEndpoints").get(0).get("registrationId").asString();
        assertThat(registrationId).doesNotContain("/");

        String encoded = URLEncoder.encode(RESOURCE_ID.toUpperCase(java.util.Locale.ROOT), StandardCharsets.UTF_8);
        JsonNode listed = api.as(tenant.developer()).get(tenant.path() + "/privateEndpoints?id=" + encoded).expectStatus(200).result();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asString()).isEqualTo(RESOURCE_ID);
        assertThat(listed.get(0).get("registrationId").asString()).isEqualTo(registrationId);
        assertThat(api.as(tenant.developer()).get(tenant.path() + "/privateEndpoints?id=vpce-0123456789abcdef0").result()).isEmpty();

        JsonNode single = flows().registration(tenant, registrationId);
        assertThat(single.get("id").asString()).isEqualTo(RESOURCE_ID);
        // another organization's registration id is not found
        api.as(api.newTenant("ENTERPRISE").admin()).get(tenant.path() + "/privateEndpoints/" + registrationId).expectStatus(404);

        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/" + registrationId + "/diagnosis")
                .expectStatus(200);

        // removed by the id in the body
        patchOrg(tenant, Map.of("remove", List.of(Map.of("cloudProvider", "azure", "id", RESOURCE_ID)))).expectStatus(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + registrationId).status() == 404);
    }

    @Test
    void idsInAnotherCaseAreTheSameEndpoint() {
        Tenant tenant = api.newTenant("SCALE");
        JsonNode org = patchOrg(tenant, Map.of("add", List.of(add("aws", "VPCE-0123456789ABCDEF0", "us-west-2")))).expectStatus(200).result();
        assertThat(org.get("privateEndpoints").get(0).get("id").asString()).isEqualTo("vpce-0123456789abcdef0");
        patchOrg(tenant, Map.of("add", List.of(add("aws", "vpce-0123456789abcdef0", "us-west-2")))).expectStatus(200);
        assertThat(registrations(tenant)).isEqualTo(1);
        String guid = UUID.randomUUID().toString();
        patchOrg(tenant, Map.of("add", List.of(add("azure", guid.toUpperCase(java.util.Locale.ROOT), "westus3")))).expectStatus(200);
        assertThat(flows().registration(tenant, guid).get("id").asString()).isEqualTo(guid);
        // read from the PATCH's own answer: the removal of a never-connected endpoint may be done by the next request
        JsonNode removed = patchOrg(tenant, Map.of("remove", List.of(Map.of("cloudProvider", "aws", "id", "vpce-0123456789ABCDEF0"))))
                .expectStatus(200).result();
        assertThat(removed.get("privateEndpoints").valueStream()
                .filter(e -> e.get("id").asString().equals("vpce-0123456789abcdef0"))
                .map(e -> e.get("status").asString()).toList()).containsExactly("Deleting");
    }

    @Test
    void aListNamingAnIdTwiceIsRefusedAndChangesNothing() {
        Tenant tenant = api.newTenant("SCALE");
        TestApi.Response twice = patchOrg(tenant, Map.of("add", List.of(add("aws", "vpce-0123456789abcdef1", "us-west-2"),
                add("aws", "VPCE-0123456789ABCDEF1", "eu-west-1")))).expectStatus(400);
        assertThat(twice.json().get("error").asString()).contains("privateEndpoints.add[1]").contains("repeats privateEndpoints.add[0]");
        assertThat(registrations(tenant)).isZero();

        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        TestApi.Response serviceTwice = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of("vpce-0123456789abcdef2", "vpce-0123456789abcdef2"))))
                .expectStatus(400);
        assertThat(serviceTwice.json().get("error").asString()).contains("privateEndpointIds.add[1]");
        assertThat(registrations(tenant)).isZero();
    }

    @Test
    void addAndRemoveOfTheSameIdOnAServiceLeavesItOnTheList() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        flows().addToService(tenant, serviceId, "vpce-0123456789abcdef3").expectStatus(200);
        JsonNode service = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("privateEndpointIds",
                Map.of("remove", List.of("vpce-0123456789abcdef3"), "add", List.of("vpce-0123456789abcdef3")))).expectStatus(200).result();
        assertThat(service.get("privateEndpointIds").toString()).isEqualTo("[\"vpce-0123456789abcdef3\"]");
    }

    @Test
    void emptyListsChangeNothing() {
        Tenant tenant = api.newTenant("SCALE");
        String etag = api.as(tenant.admin()).get(tenant.path()).header("ETag");
        TestApi.Response empty = patchOrg(tenant, Map.of("add", List.of(), "remove", List.of())).expectStatus(200);
        assertThat(empty.header("ETag")).isEqualTo(etag);
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("add", List.of(), "remove", List.of()))).expectStatus(200);
    }

    @Test
    void aTooLongDescriptionIsRefusedWithTheLimit() {
        Tenant tenant = api.newTenant("SCALE");
        String longText = "x".repeat(256);
        TestApi.Response refused = patchOrg(tenant, Map.of("add", List.of(Map.of("cloudProvider", "aws",
                "id", "vpce-0123456789abcdef4", "description", longText, "region", "us-west-2")))).expectStatus(400);
        assertThat(refused.json().get("error").asString()).contains("description");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        api.as(tenant.admin()).post(tenant.path() + "/services/" + serviceId + "/privateEndpoint",
                Map.of("id", "vpce-0123456789abcdef4", "description", longText)).expectStatus(400);
        assertThat(registrations(tenant)).isZero();
        patchOrg(tenant, Map.of("add", List.of(Map.of("cloudProvider", "aws",
                "id", "vpce-0123456789abcdef4", "description", "x".repeat(255), "region", "us-west-2")))).expectStatus(200);
    }

    @Test
    void anIdOfTheOtherCloudOrRegionIsRefusedByTheService() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String awsService = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        assertThat(flows().addToService(tenant, awsService, UUID.randomUUID().toString()).expectStatus(400)
                .json().get("error").asString()).contains("not an AWS VPC endpoint id");
        String azureService = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        assertThat(flows().addToService(tenant, azureService, "vpce-0123456789abcdef5").expectStatus(400)
                .json().get("error").asString()).contains("not an Azure private endpoint id");
        // registered in a region that cannot reach the service's region
        patchOrg(tenant, Map.of("add", List.of(add("aws", "vpce-0123456789abcdef6", "us-gov-west-1")))).expectStatus(200);
        assertThat(flows().addToService(tenant, awsService, "vpce-0123456789abcdef6").expectStatus(400)
                .json().get("error").asString()).contains("cross-region");
        assertThat(flows().registration(tenant, "vpce-0123456789abcdef6").get("attachedServiceIds")).isEmpty();
        // an unknown provider in the organization's list
        TestApi.Response gcp = patchOrg(tenant, Map.of("add", List.of(add("gcp", "vpce-0123456789abcdef7", "us-west-2"))));
        assertThat(gcp.status()).isEqualTo(400);
    }

    @Test
    void removingWhatIsNotRegisteredChangesNothingButAWrongRegionIsRefused() {
        Tenant tenant = api.newTenant("SCALE");
        String etag = api.as(tenant.admin()).get(tenant.path()).header("ETag");
        TestApi.Response absent = patchOrg(tenant, Map.of("remove", List.of(Map.of("cloudProvider", "aws",
                "id", "vpce-0123456789abcdef8")))).expectStatus(200);
        assertThat(absent.header("ETag")).isEqualTo(etag);
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("remove", List.of("vpce-0123456789abcdef8")))).expectStatus(200);

        patchOrg(tenant, Map.of("add", List.of(add("aws", "vpce-0123456789abcdef9", "us-west-2")))).expectStatus(200);
        TestApi.Response wrongRegion = patchOrg(tenant, Map.of("remove", List.of(Map.of("cloudProvider", "aws",
                "id", "vpce-0123456789abcdef9", "region", "eu-west-1")))).expectStatus(400);
        assertThat(wrongRegion.json().get("error").asString()).contains("registered for region us-west-2");
        assertThat(flows().registration(tenant, "vpce-0123456789abcdef9").get("status").asString()).isNotEqualTo("Deleting");
    }

    @Test
    void listFiltersRefuseUnknownValues() {
        Tenant tenant = api.newTenant("SCALE");
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints?region_id=mars-1").expectStatus(400)
                .json().get("error").asString()).contains("region_id 'mars-1'");
        api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints?status=Sleeping").expectStatus(400);
        api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints?cloud_provider=gcp").expectStatus(400);
    }
}
