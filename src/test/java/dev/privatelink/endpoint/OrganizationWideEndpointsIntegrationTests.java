package dev.privatelink.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organization-wide private endpoints (seed 004's project-wide endpoints): registered once with
 * {@code "scope": "ORGANIZATION"}, allowed on every service of the organization in the endpoint's
 * provider and region, present and future, without being on their allow lists; what the data-plane feed,
 * the diagnosis and the service reads show.
 */
@IntegrationTest
class OrganizationWideEndpointsIntegrationTests {

    private static final String FEED = "/v1/operator/endpointFilters?provider=aws&region=";

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void anOrganizationWideEndpointReachesEveryServiceOfItsRegionIncludingLaterOnesUntilItIsRemoved() {
        Tenant tenant = api.newTenant("SCALE");
        String region = "eu-west-1";
        String first = flows().newService(tenant, "aws", region, "PRODUCTION");
        String second = flows().newService(tenant, "aws", region, "PRODUCTION");
        String elsewhere = flows().newService(tenant, "aws", "eu-central-1", "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, first).get("endpointServiceId").asString(), region);

        register(tenant, vpce, region, "ORGANIZATION").expectStatus(200);
        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");

        // every registration read shows the scope
        assertThat(ready.get("scope").asString()).isEqualTo("ORGANIZATION");
        assertThat(ready.get("attachedServiceIds")).isEmpty();
        JsonNode listed = api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints?id=" + vpce).expectStatus(200).result();
        assertThat(listed.get(0).get("scope").asString()).isEqualTo("ORGANIZATION");
        JsonNode org = api.as(tenant.admin()).get(tenant.path()).expectStatus(200).result();
        assertThat(org.get("privateEndpoints").get(0).get("scope").asString()).isEqualTo("ORGANIZATION");

        // allowed on both services of the region, not on the one elsewhere; the allow lists keep their meaning
        assertThat(feedAllows(region, first, vpce)).isTrue();
        assertThat(feedAllows(region, second, vpce)).isTrue();
        assertThat(feedAllows("eu-central-1", elsewhere, vpce)).isFalse();
        JsonNode service = service(tenant, first);
        assertThat(service.get("privateEndpointIds")).isEmpty();
        assertThat(service.get("organizationWidePrivateEndpointIds").toString()).contains(vpce);
        assertThat(service(tenant, elsewhere).get("organizationWidePrivateEndpointIds")).isEmpty();
        Map<String, JsonNode> checks = diagnose(tenant, second, vpce);
        assertThat(checks.get("onServiceAllowList").get("result").asString()).isEqualTo("PASS");
        assertThat(checks.get("onServiceAllowList").get("detail").asString()).contains("organization-wide");
        Map<String, JsonNode> elsewhereChecks = diagnose(tenant, elsewhere, vpce);
        assertThat(elsewhereChecks.get("onServiceAllowList").get("result").asString()).isEqualTo("FAIL");
        assertThat(elsewhereChecks.get("onServiceAllowList").get("detail").asString()).contains("organization-wide in " + region);

        // a service created afterwards in the region is reached at once, and the feed's version moves
        long before = feed(region).get("version").asLong();
        String later = flows().newService(tenant, "aws", region, "PRODUCTION");
        assertThat(feed(region).get("version").asLong()).isGreaterThan(before);
        assertThat(feedAllows(region, later, vpce)).isTrue();
        assertThat(diagnose(tenant, later, vpce).get("onServiceAllowList").get("result").asString()).isEqualTo("PASS");

        // removing it takes it off every service
        before = feed(region).get("version").asLong();
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce))))).expectStatus(200);
        assertThat(feed(region).get("version").asLong()).isGreaterThan(before);
        for (String serviceId : List.of(first, second, later)) {
            assertThat(feedAllows(region, serviceId, vpce)).as(serviceId).isFalse();
            assertThat(service(tenant, serviceId).get("organizationWidePrivateEndpointIds")).isEmpty();
        }
    }

    @Test
    void switchingTheScopeOfAReadyEndpointMovesTheFeedAndLeavesTheAllowListsAlone() {
        Tenant tenant = api.newTenant("SCALE");
        String region = "ap-southeast-2";
        String listing = flows().newService(tenant, "aws", region, "PRODUCTION");
        String other = flows().newService(tenant, "aws", region, "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, listing).get("endpointServiceId").asString(), region);
        register(tenant, vpce, region, null).expectStatus(200);
        flows().addToService(tenant, listing, vpce).expectStatus(200);
        assertThat(flows().awaitStatus(tenant, vpce, "Ready").get("scope").asString()).isEqualTo("SERVICE");
        assertThat(feedAllows(region, other, vpce)).isFalse();

        long before = feed(region).get("version").asLong();
        register(tenant, vpce, region, "organization").expectStatus(200);
        assertThat(feed(region).get("version").asLong()).isGreaterThan(before);
        assertThat(flows().registration(tenant, vpce).get("status").asString()).isEqualTo("Ready");
        assertThat(feedAllows(region, other, vpce)).isTrue();
        assertThat(service(tenant, listing).get("privateEndpointIds").toString()).contains(vpce);

        before = feed(region).get("version").asLong();
        register(tenant, vpce, region, "SERVICE").expectStatus(200);
        assertThat(feed(region).get("version").asLong()).isGreaterThan(before);
        assertThat(feedAllows(region, other, vpce)).isFalse();
        assertThat(feedAllows(region, listing, vpce)).isTrue();
        assertThat(flows().registration(tenant, vpce).get("scope").asString()).isEqualTo("SERVICE");
    }

    @Test
    void anUnknownScopeAnswers400NamingItAndRegistersNothing() {
        Tenant tenant = api.newTenant("SCALE");
        JsonNode problem = api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(
                        Map.of("cloudProvider", "aws", "id", "vpce-0aaaaaaaaaaaaaaa1", "region", "us-west-2"),
                        Map.of("cloudProvider", "aws", "id", "vpce-0aaaaaaaaaaaaaaa2", "region", "us-west-2", "scope", "PROJECT")))))
                .expectStatus(400).json();
        assertThat(problem.get("error").asString()).contains("privateEndpoints.add[1].scope").contains("PROJECT")
                .contains("ORGANIZATION");
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints").expectStatus(200).result()).isEmpty();
    }

    @Test
    void anOrganizationWideAzureEndpointWaitsForAProductionServiceInItsRegionAndIsApprovedWhenOneIsCreated() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String region = "westus3";
        flows().newService(tenant, "azure", region, "DEVELOPMENT");
        String alias = api.as(tenant.admin()).get(tenant.path() + "/privateEndpointConfig?cloud_provider=azure&region_id=" + region)
                .expectStatus(200).result().get("endpointServiceId").asString();
        String guid = flows().createPrivateEndpoint(tenant, alias, region);

        register(tenant, guid, region, "ORGANIZATION", "azure").expectStatus(200);
        flows().awaitStatus(tenant, guid, "PendingAcceptance");

        // a production service created in the region makes it approvable: no other call
        String production = flows().newService(tenant, "azure", region, "PRODUCTION");
        flows().awaitStatus(tenant, guid, "Ready");
        assertThat(service(tenant, production).get("organizationWidePrivateEndpointIds").toString()).contains(guid);
        assertThat(diagnose(tenant, production, guid).get("onServiceAllowList").get("result").asString()).isEqualTo("PASS");
    }

    private TestApi.Response register(Tenant tenant, String id, String region, String scope) {
        return register(tenant, id, region, scope, "aws");
    }

    private TestApi.Response register(Tenant tenant, String id, String region, String scope, String provider) {
        Map<String, Object> item = new HashMap<>(Map.of("cloudProvider", provider, "id", id, "description", "shared", "region", region));
        if (scope != null) {
            item.put("scope", scope);
        }
        return api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(item))));
    }

    private JsonNode service(Tenant tenant, String serviceId) {
        return api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId).expectStatus(200).result();
    }

    private JsonNode feed(String region) {
        return api.as(TestApi.Credentials.DEV_OPERATOR).get(FEED + region).expectStatus(200).result();
    }

    private boolean feedAllows(String region, String serviceId, String endpointId) {
        for (JsonNode service : feed(region).get("services")) {
            if (service.get("serviceId").asString().equals(serviceId)) {
                return service.get("allowedEndpointIds").toString().contains(endpointId);
            }
        }
        throw new AssertionError("service " + serviceId + " is not in the feed of " + region);
    }

    private Map<String, JsonNode> diagnose(Tenant tenant, String serviceId, String endpointId) {
        Map<String, JsonNode> checks = new HashMap<>();
        api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/" + endpointId + "/diagnosis")
                .expectStatus(200).result().forEach(c -> checks.put(c.get("check").asString(), c));
        return checks;
    }
}
