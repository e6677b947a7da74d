package dev.privatelink.endpoint;

import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class AwsPrivateLinkIntegrationTests {

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void theSeedFlowMakesAnEndpointReadyAndListsItOnTheService() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");

        JsonNode config = flows().config(tenant, serviceId);
        assertThat(config.get("endpointServiceId").asString()).matches("com\\.amazonaws\\.vpce\\.us-west-2\\.vpce-svc-[0-9a-f]{17}");
        assertThat(config.get("privateDnsHostname").asString()).matches("[a-z0-9]{10}\\.us-west-2\\.vpce\\.aws\\..+");
        assertThat(config.get("requiredPorts").toString()).isEqualTo("[443,8443,9440,3306]");

        String vpce = flows().createVpcEndpoint(tenant, config.get("endpointServiceId").asString(), "us-west-2");
        JsonNode org = flows().registerInOrganization(tenant, "aws", vpce, "us-west-2").expectStatus(200).result();
        assertThat(org.get("privateEndpoints").get(0).get("id").asString()).isEqualTo(vpce);

        JsonNode service = flows().addToService(tenant, serviceId, vpce).expectStatus(200).result();
        assertThat(service.get("privateEndpointIds").toString()).isEqualTo("[\"" + vpce + "\"]");

        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");
        assertThat(ready.get("connectionState").asString()).isEqualTo("available");
        assertThat(ready.get("endpointServiceId").asString()).isEqualTo(config.get("endpointServiceId").asString());
        assertThat(ready.get("attachedServiceIds").toString()).contains(serviceId);
        List<String> history = new java.util.ArrayList<>();
        ready.get("history").forEach(h -> history.add(h.get("step").asString() + ":" + h.get("outcome").asString()));
        assertThat(history).as("parked on the endpoint service's batch, then connected by one run").containsExactly(
                "connect:WAIT", "connect:DONE");

        api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                Map.of("privateEndpointIds", Map.of("remove", List.of(vpce)))).expectStatus(200);
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId).result().get("privateEndpointIds").size())
                .isZero();
        assertThat(flows().registration(tenant, vpce).get("status").asString()).isEqualTo("Ready");

        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", "us-west-2"))))).expectStatus(200);
        await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + vpce).status() == 404);
    }
}
