package dev.privatelink.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/** Every check of the diagnosis, as a support engineer reads it, and what a plan downgrade does to endpoints. */
@IntegrationTest
class InboundDiagnosisIntegrationTests {

    private static final List<String> AWS_CHECKS = List.of("registeredInOrganization", "onServiceAllowList", "connectionState",
            "region", "planAndTier", "dns", "securityGroupPorts", "publicAccess");

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends clouds;
    @Autowired
    EndpointServiceDirectory directory;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    private Map<String, JsonNode> diagnose(Tenant tenant, String serviceId, String endpointId) {
        JsonNode checks = api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/"
                + endpointId + "/diagnosis").expectStatus(200).result();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        checks.forEach(c -> byName.put(c.get("check").asString(), c));
        return byName;
    }

    private static String result(Map<String, JsonNode> checks, String name) {
        return checks.get(name).get("result").asString();
    }

    private static String detail(Map<String, JsonNode> checks, String name) {
        return checks.get(name).get("detail").asString();
    }

    private static String remedy(Map<String, JsonNode> checks, String name) {
        JsonNode remedy = checks.get(name).get("remedy");
        return remedy == null || remedy.isNull() ? null : remedy.asString();
    }

    @Test
    void aReadyAllowListedAwsEndpointPassesAndIsToldTheHostnameAndPorts() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        String vpce = flows().createVpcEndpoint(tenant, config.get("endpointServiceId").asString(), "us-west-2");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");

        Map<String, JsonNode> checks = diagnose(tenant, serviceId, vpce);
        assertThat(new ArrayList<>(checks.keySet())).isEqualTo(AWS_CHECKS);
        for (String passing : List.of("registeredInOrganization", "onServiceAllowList", "connectionState", "region", "planAndTier")) {
            assertThat(result(checks, passing)).as(passing).isEqualTo("PASS");
        }
        assertThat(detail(checks, "connectionState")).contains("available");
        String hostname = config.get("privateDnsHostname").asString();
        assertThat(detail(checks, "dns")).contains(hostname).contains("network interfaces");
        assertThat(remedy(checks, "dns")).contains("nslookup " + hostname).contains(vpce);
        assertThat(detail(checks, "securityGroupPorts")).contains("443, 8443, 9440, 3306");
        // the same answer for the id typed in capitals
        assertThat(result(diagnose(tenant, serviceId, vpce.toUpperCase(java.util.Locale.ROOT)), "registeredInOrganization"))
                .isEqualTo("PASS");
    }

    @Test
    void anIdNeverRegisteredIsDiagnosedNotRefused() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        Map<String, JsonNode> beforeConfig = diagnose(tenant, serviceId, "vpce-0aaaaaaaaaaaaaaa1");
        assertThat(result(beforeConfig, "connectionState")).isEqualTo("FAIL");
        assertThat(remedy(beforeConfig, "connectionState")).contains("privateEndpointConfig");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();

        Map<String, JsonNode> unknown = diagnose(tenant, serviceId, "vpce-0aaaaaaaaaaaaaaa1");
        assertThat(new ArrayList<>(unknown.keySet())).isEqualTo(AWS_CHECKS);
        assertThat(result(unknown, "registeredInOrganization")).isEqualTo("FAIL");
        assertThat(remedy(unknown, "registeredInOrganization")).contains("privateEndpoints.add");
        assertThat(result(unknown, "onServiceAllowList")).isEqualTo("FAIL");
        assertThat(result(unknown, "connectionState")).isEqualTo("FAIL");
        assertThat(detail(unknown, "connectionState")).contains("no connection from vpce-0aaaaaaaaaaaaaaa1");
        assertThat(result(unknown, "region")).isEqualTo("WARN");

        // created against our endpoint service but never registered: the answer says so
        String vpce = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        Map<String, JsonNode> connected = diagnose(tenant, serviceId, vpce);
        assertThat(result(connected, "registeredInOrganization")).isEqualTo("FAIL");
        assertThat(detail(connected, "registeredInOrganization")).contains("connected to our endpoint service");
        assertThat(result(connected, "connectionState")).isEqualTo("WARN");
        assertThat(detail(connected, "connectionState")).contains("pendingAcceptance");
        assertThat(remedy(connected, "connectionState")).contains("register");
        assertThat(result(connected, "region")).isEqualTo("PASS");
    }

    @Test
    void anIdThatIsNotAnIdOfTheServicesCloudAnswers400() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String base = tenant.path() + "/services/" + serviceId + "/privateEndpoints/";
        TestApi.Response malformed = api.as(tenant.admin()).get(base + "vpc-123/diagnosis").expectStatus(400);
        assertThat(malformed.json().get("error").asString()).contains("not an AWS VPC endpoint id");
        api.as(tenant.admin()).get(base + UUID.randomUUID() + "/diagnosis").expectStatus(400);
        api.as(tenant.admin()).get(tenant.path() + "/services/" + UUID.randomUUID() + "/privateEndpoints/vpce-0aaaaaaaaaaaaaaa1/diagnosis")
                .expectStatus(404);
    }

    @Test
    void aRejectedConnectionFailsWithWhatToDo() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(), "us-west-2");
        var endpointService = directory.assigned(tenant.orgId(), CloudProvider.AWS, "us-west-2").orElseThrow();
        CloudEndpointConnections cloud = clouds.connections(CloudProvider.AWS);
        var connection = cloud.listConnections(endpointService.ref()).stream().filter(c -> c.matches(vpce)).findFirst().orElseThrow();
        cloud.rejectConnection(endpointService.ref(), connection, "test");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Rejected");

        Map<String, JsonNode> checks = diagnose(tenant, serviceId, vpce);
        assertThat(result(checks, "registeredInOrganization")).isEqualTo("FAIL");
        assertThat(detail(checks, "registeredInOrganization")).contains("Rejected");
        assertThat(result(checks, "connectionState")).isEqualTo("FAIL");
        assertThat(detail(checks, "connectionState")).contains("rejected");
        assertThat(remedy(checks, "connectionState")).contains("create a new one");
    }

    @Test
    void anAzureEndpointPendingAcceptanceIsToldToUseAProductionAllowListAndTheDnsZone() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        String guid = flows().createPrivateEndpoint(tenant, config.get("endpointServiceId").asString(), "westus3");
        flows().registerInOrganization(tenant, "azure", guid, "westus3").expectStatus(200);
        flows().awaitStatus(tenant, guid, "PendingAcceptance");

        Map<String, JsonNode> checks = diagnose(tenant, serviceId, guid);
        assertThat(checks).doesNotContainKey("securityGroupPorts");
        assertThat(result(checks, "registeredInOrganization")).isEqualTo("PASS");
        assertThat(result(checks, "onServiceAllowList")).isEqualTo("FAIL");
        assertThat(detail(checks, "onServiceAllowList")).contains("connection reset by peer")
                .contains("not on the allow list of service '").doesNotContain("''");
        assertThat(result(checks, "connectionState")).isEqualTo("WARN");
        assertThat(remedy(checks, "connectionState")).contains("PRODUCTION service's allow list");
        assertThat(result(checks, "planAndTier")).isEqualTo("PASS");
        assertThat(detail(checks, "dns")).contains("westus3.privatelink.azure.").contains("wildcard A record '*'")
                .contains("private endpoint's private IP").contains(config.get("privateDnsHostname").asString());

        flows().addToService(tenant, serviceId, guid).expectStatus(200);
        flows().awaitStatus(tenant, guid, "Ready");
        Map<String, JsonNode> ready = diagnose(tenant, serviceId, guid);
        assertThat(result(ready, "onServiceAllowList")).isEqualTo("PASS");
        assertThat(detail(ready, "onServiceAllowList")).contains("on the allow list of service '").doesNotContain("''");
        assertThat(result(ready, "connectionState")).isEqualTo("PASS");
        assertThat(detail(ready, "connectionState")).contains("Approved");
    }

    @Test
    void theRegionCheckWarnsForAllowedCrossRegionAndFailsOtherwise() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        flows().config(tenant, serviceId);
        flows().registerInOrganization(tenant, "aws", "vpce-0bbbbbbbbbbbbbbb1", "eu-west-1").expectStatus(200);
        flows().registerInOrganization(tenant, "aws", "vpce-0bbbbbbbbbbbbbbb2", "us-gov-west-1").expectStatus(200);

        Map<String, JsonNode> allowed = diagnose(tenant, serviceId, "vpce-0bbbbbbbbbbbbbbb1");
        assertThat(result(allowed, "region")).isEqualTo("WARN");
        assertThat(detail(allowed, "region")).contains("cross-region").contains("eu-west-1").contains("us-west-2");
        assertThat(remedy(allowed, "connectionState")).contains("with service region us-west-2");

        Map<String, JsonNode> refused = diagnose(tenant, serviceId, "vpce-0bbbbbbbbbbbbbbb2");
        assertThat(result(refused, "region")).isEqualTo("FAIL");
        assertThat(detail(refused, "region")).contains("us-gov-west-1").contains("eu-west-1");
        assertThat(remedy(refused, "region")).contains("create an endpoint in us-west-2");
    }

    @Test
    void planAndTierFailForBasicAwsAndDevelopmentAzure() {
        Tenant basic = api.newTenant("BASIC");
        String awsService = flows().newService(basic, "aws", "us-west-2", "PRODUCTION");
        Map<String, JsonNode> aws = diagnose(basic, awsService, "vpce-0ccccccccccccccc1");
        assertThat(result(aws, "planAndTier")).isEqualTo("FAIL");
        assertThat(detail(aws, "planAndTier")).contains("SCALE or ENTERPRISE");

        Tenant enterprise = api.newTenant("ENTERPRISE");
        String devService = flows().newService(enterprise, "azure", "westus3", "DEVELOPMENT");
        Map<String, JsonNode> azure = diagnose(enterprise, devService, UUID.randomUUID().toString());
        assertThat(result(azure, "planAndTier")).isEqualTo("FAIL");
        assertThat(detail(azure, "planAndTier")).contains("PRODUCTION services only");
        String prodService = flows().newService(enterprise, "azure", "westus3", "PRODUCTION");
        assertThat(result(diagnose(enterprise, prodService, UUID.randomUUID().toString()), "planAndTier")).isEqualTo("PASS");
    }

    @Test
    void movingToBasicKeepsAwsEndpointsWorkingButRefusesNewOnes() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String other = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(), "us-west-2");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");

        api.as(tenant.admin()).patch(tenant.path(), Map.of("plan", "BASIC")).expectStatus(403);
        JsonNode org = api.as(TestApi.Credentials.DEV_OPERATOR).patch(tenant.path(), Map.of("plan", "BASIC")).expectStatus(200).result();
        assertThat(org.get("plan").asString()).isEqualTo("BASIC");

        // the existing endpoint keeps working: still Ready, still on the data plane's allow list
        assertThat(flows().registration(tenant, vpce).get("status").asString()).isEqualTo("Ready");
        JsonNode feed = api.as(TestApi.Credentials.DEV_OPERATOR).get("/v1/operator/endpointFilters?provider=aws&region=us-west-2")
                .expectStatus(200).result();
        assertThat(feed.get("services").toString()).contains(serviceId).contains(vpce);
        Map<String, JsonNode> checks = diagnose(tenant, serviceId, vpce);
        assertThat(result(checks, "planAndTier")).isEqualTo("WARN");
        assertThat(detail(checks, "planAndTier")).contains("keeps working");

        // nothing new on BASIC: no registration, no further allow list
        assertThat(flows().registerInOrganization(tenant, "aws", "vpce-0ddddddddddddddd1", "us-west-2").expectStatus(403)
                .json().get("error").asString()).contains("SCALE or ENTERPRISE");
        flows().addToService(tenant, other, vpce).expectStatus(403);
        // taking it away is still allowed
        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("remove", List.of(vpce)))).expectStatus(200);
        assertThat(flows().registration(tenant, vpce).get("attachedServiceIds")).isEmpty();
    }

    @Test
    void anAcceptedConnectionIsReadyWithinOneBatchRunWithoutADelayedRecheck() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String vpce = flows().createVpcEndpoint(tenant, flows().config(tenant, serviceId).get("endpointServiceId").asString(), "us-west-2");
        flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200);

        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");
        List<String> outcomes = new ArrayList<>();
        ready.get("history").forEach(h -> outcomes.add(h.get("step").asString() + ":" + h.get("outcome").asString()));
        assertThat(outcomes).as("the step parks on the service's batch (again at its recheck, should the run be late), "
                + "until a run decides it").last().isEqualTo("connect:DONE");
        assertThat(outcomes.subList(0, outcomes.size() - 1)).containsOnly("connect:WAIT");
        // the run that made it Ready is the one that accepted it: the accept came after that run started
        String decidingRunStarted = ready.get("history").get(outcomes.size() - 1).get("startedAt").asString();
        JsonNode since = api.as(TestApi.Credentials.DEV_OPERATOR)
                .get("/v1/sandbox/ledger?region=us-west-2&since=" + decidingRunStarted).expectStatus(200).result();
        assertThat(since.toString()).as("calls since the deciding run started: " + since).contains("acceptConnections");
    }
}
