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
 * A service's public side (seed 004's "disable the public endpoint"): the IP access list in ClickHouse's
 * shape, the public endpoint switch with its lock-out guard, and both in the data-plane feed.
 */
@IntegrationTest
class PrivateOnlyAccessIntegrationTests {

    private static final String REGION = "us-east-2";

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void closingThePublicEndpointIsRefusedUntilAPrivateEndpointIsReadyThenTheFeedShowsTheServicePrivateOnly() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "private-only",
                        "provider", "aws", "region", REGION,
                        "ipAccessList", List.of(Map.of("source", "203.0.113.0/24", "description", "office"))))
                .expectStatus(200).result().get("service").get("id").asString();
        JsonNode created = service(tenant, serviceId);
        assertThat(created.get("publicEndpointEnabled").asBoolean()).isTrue();

        JsonNode refusal = close(tenant, serviceId, null).expectStatus(409).json();
        assertThat(refusal.get("error").asString()).contains("no Ready private endpoint").contains("confirmLockout");
        assertThat(service(tenant, serviceId).get("publicEndpointEnabled").asBoolean()).isTrue();

        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(), REGION);
        flows().registerInOrganization(tenant, "aws", vpce, REGION).expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");
        JsonNode open = feedEntry(serviceId);
        assertThat(open.get("publicEndpointEnabled").asBoolean()).isTrue();
        assertThat(open.get("privateOnly").asBoolean()).isFalse();
        assertThat(open.get("ipAccessList").get(0).get("source").asString()).isEqualTo("203.0.113.0/24");

        long before = feed().get("version").asLong();
        JsonNode closed = close(tenant, serviceId, null).expectStatus(200).result();
        assertThat(closed.get("publicEndpointEnabled").asBoolean()).isFalse();
        assertThat(feed().get("version").asLong()).isGreaterThan(before);
        JsonNode entry = feedEntry(serviceId);
        assertThat(entry.get("publicEndpointEnabled").asBoolean()).isFalse();
        assertThat(entry.get("privateOnly").asBoolean()).isTrue();
        assertThat(entry.get("allowedEndpointIds").toString()).contains(vpce);

        Map<String, JsonNode> checks = diagnose(tenant, serviceId, vpce, "");
        assertThat(checks.get("publicAccess").get("result").asString()).isEqualTo("PASS");
        assertThat(checks.get("publicAccess").get("detail").asString()).contains("public endpoint").contains("is off");

        // opening it again needs no confirmation
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("publicEndpointEnabled", true))
                .expectStatus(200);
        assertThat(feedEntry(serviceId).get("privateOnly").asBoolean()).isFalse();
    }

    @Test
    void anExplicitConfirmationClosesThePublicEndpointWithoutAPrivateRouteAndTheDiagnosisSaysClientsAreRefused() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", REGION, "PRODUCTION");
        close(tenant, serviceId, false).expectStatus(409);

        JsonNode closed = close(tenant, serviceId, true).expectStatus(200).result();
        assertThat(closed.get("publicEndpointEnabled").asBoolean()).isFalse();
        assertThat(feedEntry(serviceId).get("privateOnly").asBoolean()).isTrue();

        Map<String, JsonNode> checks = diagnose(tenant, serviceId, "vpce-0bbbbbbbbbbbbbbb1", "");
        assertThat(checks.get("publicAccess").get("result").asString()).isEqualTo("FAIL");
        assertThat(checks.get("publicAccess").get("detail").asString()).contains("is off").contains("every client is refused");
    }

    @Test
    void theIpAccessListRoundTripsInClickHousesShapeAndTheDiagnosisChecksAClientAgainstIt() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", REGION, "PRODUCTION");
        long before = feed().get("version").asLong();
        JsonNode patched = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("ipAccessList", Map.of(
                        "add", List.of(Map.of("source", "198.51.100.7", "description", "bastion"),
                                Map.of("source", "2001:db8::/32", "description", "v6 office"),
                                Map.of("source", "0.0.0.0/0", "description", "anywhere")),
                        "remove", List.of())))
                .expectStatus(200).result();
        assertThat(feed().get("version").asLong()).isGreaterThan(before);
        assertThat(patched.get("ipAccessList").toString()).isEqualTo("""
                [{"source":"198.51.100.7","description":"bastion"},{"source":"2001:db8::/32","description":"v6 office"},\
                {"source":"0.0.0.0/0","description":"anywhere"}]""");

        JsonNode removed = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of("ipAccessList",
                Map.of("remove", List.of(Map.of("source", "0.0.0.0/0"))))).expectStatus(200).result();
        assertThat(removed.get("ipAccessList").toString()).doesNotContain("0.0.0.0/0").contains("198.51.100.7");
        assertThat(service(tenant, serviceId).get("ipAccessList")).isEqualTo(removed.get("ipAccessList"));
        assertThat(feedEntry(serviceId).get("ipAccessList")).isEqualTo(removed.get("ipAccessList"));

        Map<String, JsonNode> outside = diagnose(tenant, serviceId, "vpce-0bbbbbbbbbbbbbbb2", "?clientIp=192.0.2.10");
        assertThat(outside.get("publicAccess").get("result").asString()).isEqualTo("WARN");
        assertThat(outside.get("publicAccess").get("detail").asString()).contains("192.0.2.10 is refused");
        Map<String, JsonNode> inside = diagnose(tenant, serviceId, "vpce-0bbbbbbbbbbbbbbb2", "?clientIp=2001:db8::1");
        assertThat(inside.get("publicAccess").get("result").asString()).isEqualTo("PASS");
        api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/vpce-0bbbbbbbbbbbbbbb2"
                + "/diagnosis?clientIp=10.0.0.0/8").expectStatus(400);
    }

    @Test
    void aMalformedSourceAnswers400NamingTheEntryAndChangesNothing() {
        Tenant tenant = api.newTenant("SCALE");
        JsonNode onCreate = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "bad-cidr",
                        "provider", "aws", "region", REGION, "ipAccessList", List.of(Map.of("source", "0.0.0.0/0"),
                                Map.of("source", "10.0.0.300/24"))))
                .expectStatus(400).json();
        assertThat(onCreate.get("error").asString()).contains("ipAccessList[1].source").contains("10.0.0.300/24");
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/services").expectStatus(200).result()).isEmpty();

        String serviceId = flows().newService(tenant, "aws", REGION, "PRODUCTION");
        for (String bad : List.of("10.0.0.1/33", "10.0.0.1/8", "2001:db8::/129", "example.com", "010.0.0.1")) {
            JsonNode problem = api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, Map.of(
                            "name", "renamed", "ipAccessList", Map.of("add", List.of(Map.of("source", bad)))))
                    .expectStatus(400).json();
            assertThat(problem.get("error").asString()).as(bad).contains("ipAccessList.add[0].source").contains(bad);
        }
        JsonNode unchanged = service(tenant, serviceId);
        assertThat(unchanged.get("ipAccessList")).isEmpty();
        assertThat(unchanged.get("name").asString()).isNotEqualTo("renamed");
    }

    private TestApi.Response close(Tenant tenant, String serviceId, Boolean confirmLockout) {
        Map<String, Object> body = new HashMap<>(Map.of("publicEndpointEnabled", false));
        if (confirmLockout != null) {
            body.put("confirmLockout", confirmLockout);
        }
        return api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId, body);
    }

    private JsonNode service(Tenant tenant, String serviceId) {
        return api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId).expectStatus(200).result();
    }

    private JsonNode feed() {
        return api.as(TestApi.Credentials.DEV_OPERATOR).get("/v1/operator/endpointFilters?provider=aws&region=" + REGION)
                .expectStatus(200).result();
    }

    private JsonNode feedEntry(String serviceId) {
        for (JsonNode service : feed().get("services")) {
            if (service.get("serviceId").asString().equals(serviceId)) {
                return service;
            }
        }
        throw new AssertionError("service " + serviceId + " is not in the feed");
    }

    private Map<String, JsonNode> diagnose(Tenant tenant, String serviceId, String endpointId, String query) {
        Map<String, JsonNode> checks = new HashMap<>();
        api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/" + endpointId + "/diagnosis"
                + query).expectStatus(200).result().forEach(c -> checks.put(c.get("check").asString(), c));
        return checks;
    }
}
