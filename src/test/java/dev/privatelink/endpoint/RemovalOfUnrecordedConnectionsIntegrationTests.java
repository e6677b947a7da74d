package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A registration removed while a run of its endpoint service was accepting its connection: the run's
 * outcome is refused (the registration is gone), so the registration never records the connection,
 * yet the cloud accepted it. The removal must reject it all the same, or the cloud keeps a connection
 * accepted that no registration stands for.
 */
@IntegrationTest
class RemovalOfUnrecordedConnectionsIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends clouds;
    @Autowired
    EndpointServiceDirectory directory;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void endpointsRemovedTheMomentTheyAreRegisteredLeaveNoConnectionAccepted() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String vpce = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
            api.as(tenant.admin()).post(tenant.path() + "/services/" + serviceId + "/privateEndpoint", Map.of("id", vpce))
                    .expectStatus(200);
            remove(tenant, vpce, "us-west-2");
            removed.add(vpce);
        }

        awaitGone(tenant, removed);
        assertThat(removed).as("removed endpoints whose connection the cloud shows accepted")
                .allSatisfy(vpce -> assertThat(cloudState(tenant, vpce)).as(vpce).isIn("pendingAcceptance", "rejected"));
    }

    @Test
    void anAcceptedConnectionTheRegistrationNeverRecordedIsRejectedAndAPendingOneIsLeftForTheNextRegistration() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String serviceName = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String accepted = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        String pending = flows().createVpcEndpoint(tenant, serviceName, "us-west-2");
        // registered for the wrong region: Failed, and never recorded as connected
        for (String vpce : List.of(accepted, pending)) {
            flows().registerInOrganization(tenant, "aws", vpce, "us-east-1").expectStatus(200);
            assertThat(flows().awaitStatus(tenant, vpce, "Failed").get("endpointServiceId")).isNull();
        }
        // what a run accepting it when its registration was removed leaves behind: accepted in the cloud only
        var endpointService = directory.assigned(tenant.orgId(), CloudProvider.AWS, "us-west-2").orElseThrow();
        CloudEndpointConnections cloud = clouds.connections(CloudProvider.AWS);
        cloud.acceptConnection(endpointService.ref(), cloud.listConnections(endpointService.ref()).stream()
                .filter(c -> c.matches(accepted)).findFirst().orElseThrow());

        remove(tenant, accepted, "us-east-1");
        remove(tenant, pending, "us-east-1");
        awaitGone(tenant, List.of(accepted, pending));

        assertThat(cloudState(tenant, accepted)).isEqualTo("rejected");
        assertThat(cloudState(tenant, pending)).as("left to be registered again").isEqualTo("pendingAcceptance");
        flows().registerInOrganization(tenant, "aws", pending, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, pending, "Ready");
    }

    private void remove(Tenant tenant, String vpce, String region) {
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", region))))).expectStatus(200);
    }

    private void awaitGone(Tenant tenant, List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids)
                .allSatisfy(id -> assertThat(api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + id).status())
                        .as(id).isEqualTo(404)));
    }

    private String cloudState(Tenant tenant, String vpce) {
        return api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpce).expectStatus(200).result().get("state").asString();
    }
}
