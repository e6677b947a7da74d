package dev.privatelink.endpoint;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's order for a customer in another region than the service (cross-region AWS PrivateLink):
 * get the endpoint service name, create the AWS endpoint in their own region against it, register it
 * in the organization, add it to the service's allow list. The endpoint must be creatable at the
 * first step's answer: AWS refuses CreateVpcEndpoint from a region the service does not support yet.
 */
@IntegrationTest
class CrossRegionEndpointIntegrationTests {

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void anEndpointFromACrossRegionSourceIsCreatedRightAfterTheServiceExistsAndTurnsReady() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        String hostname = config.get("privateDnsHostname").asString();

        String vpce = flows().createVpcEndpoint(tenant, config.get("endpointServiceId").asString(), "eu-west-1");
        flows().registerInOrganization(tenant, "aws", vpce, "eu-west-1").expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);

        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");
        assertThat(ready.get("region").asString()).isEqualTo("eu-west-1");
        assertThat(hostname).isNotBlank().contains("us-west-2");
        assertThat(flows().config(tenant, serviceId).get("privateDnsHostname").asString()).isEqualTo(hostname);
    }

    @Test
    void anEndpointFromARegionOutsideTheCrossRegionListIsRefusedWithA400NamingTheRegions() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);

        TestApi.Response create = api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints", java.util.Map.of(
                "serviceName", config.get("endpointServiceId").asString(), "region", "us-gov-west-1"));
        create.expectStatus(400); // AWS cannot create it: the service is not offered there
        String vpce = "vpce-0fedcba9876543210";
        flows().registerInOrganization(tenant, "aws", vpce, "us-gov-west-1").expectStatus(200);
        TestApi.Response refused = flows().addToService(tenant, serviceId, vpce);

        refused.expectStatus(400);
        assertThat(refused.json().get("error").asString())
                .contains("us-gov-west-1").contains("us-west-2").contains("cross-region AWS PrivateLink is offered only between")
                .contains("eu-west-1");
    }
}
