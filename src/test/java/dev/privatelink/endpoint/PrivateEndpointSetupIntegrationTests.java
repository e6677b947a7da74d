package dev.privatelink.endpoint;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET …/services/{serviceId}/privateEndpointSetup} as a customer calls it: the service's own
 * values filled in (what privateEndpointConfig answers), the customer's from the query, JSON or text.
 */
@IntegrationTest
class PrivateEndpointSetupIntegrationTests {

    @Autowired
    TestApi api;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    @Test
    void theAwsSetupCarriesTheServicesEndpointServiceAndHostnameAndTheCustomersValues() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        String hostname = config.get("privateDnsHostname").asString();
        String setupPath = tenant.path() + "/services/" + serviceId + "/privateEndpointSetup";

        JsonNode setup = api.as(tenant.developer()).get(setupPath + "?tool=aws-cli&vpcId=vpc-0abc12345def67890"
                + "&subnetIds=subnet-0abc12345def67890,subnet-0def12345abc67890").expectStatus(200).result();
        assertThat(setup.get("endpointServiceId").asString()).isEqualTo(config.get("endpointServiceId").asString());
        assertThat(setup.get("privateDnsHostname").asString()).isEqualTo(hostname);
        String text = setup.get("text").asString();
        assertThat(text).contains("--service-name " + config.get("endpointServiceId").asString())
                .contains("--vpc-id vpc-0abc12345def67890").contains("--subnet-ids subnet-0abc12345def67890 subnet-0def12345abc67890")
                .contains("--security-group-ids ${SECURITY_GROUP_IDS:?}").contains("--name " + hostname)
                .contains(api.baseUrl() + tenant.path() + "/services/" + serviceId);
        assertThat(setup.get("placeholders").toString()).contains("\"SECURITY_GROUP_IDS\"").doesNotContain("\"VPC_ID\"");
        assertThat(setup.get("steps").get(0).get("text").asString()).startsWith("aws ec2 create-vpc-endpoint");
        assertThat(setup.get("dnsRecords").get(0).get("name").asString()).isEqualTo(hostname);
        assertThat(setup.has("endpoint")).isFalse();

        TestApi.Response plain = api.as(tenant.developer()).header("Accept", "text/plain").get(setupPath + "?tool=terraform");
        plain.expectStatus(200);
        assertThat(plain.header("Content-Type")).startsWith("text/plain");
        assertThat(plain.body()).startsWith("# Private endpoint to service").contains("resource \"aws_vpc_endpoint\" \"this\"")
                .contains("variable \"vpc_id\"").doesNotContain("\"requestId\"");
    }

    @Test
    void theEndpointIdFillsItInAndReportsItsStatus() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        JsonNode config = flows().config(tenant, serviceId);
        String guid = flows().createPrivateEndpoint(tenant, config.get("endpointServiceId").asString(), "westus3");
        flows().registerInOrganization(tenant, "azure", guid, "westus3").expectStatus(200);
        flows().addToService(tenant, serviceId, guid).expectStatus(200);
        flows().awaitStatus(tenant, guid, "Ready");

        JsonNode setup = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId
                + "/privateEndpointSetup?tool=azure-cli&resourceGroup=rg-clients&endpointId=" + guid).expectStatus(200).result();
        assertThat(setup.get("endpoint").get("status").asString()).isEqualTo("Ready");
        assertThat(setup.get("endpoint").get("ready").asBoolean()).isTrue();
        assertThat(setup.get("dnsZone").asString()).isEqualTo(config.get("dnsZone").asString());
        assertThat(setup.get("dnsRecords").get(0).get("zone").asString()).isEqualTo(config.get("dnsZone").asString());
        assertThat(setup.get("text").asString()).contains("--private-connection-resource-id " + config.get("endpointServiceId").asString())
                .contains("--resource-group rg-clients").contains("\"" + guid + "\"").contains("--record-set-name '*'");
    }

    @Test
    void badInputAnswers400NamingIt() {
        Tenant tenant = api.newTenant("SCALE");
        String aws = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String path = tenant.path() + "/services/" + aws + "/privateEndpointSetup";
        assertThat(error(tenant, path + "?tool=pulumi")).contains("tool 'pulumi'").contains("aws-cli, terraform or azure-cli");
        assertThat(error(tenant, path + "?tool=azure-cli")).contains("tool 'azure-cli'").contains("aws-cli or terraform");
        assertThat(error(tenant, path + "?tool=aws-cli&vpcId=vpc-1;reboot")).contains("vpcId 'vpc-1;reboot'");
        assertThat(error(tenant, path + "?tool=aws-cli&securityGroupIds=sg-0abc12345def67890,default")).contains("securityGroupIds item 'default'");
        assertThat(error(tenant, path + "?tool=aws-cli&resourceGroup=rg")).contains("resourceGroup does not apply to aws services");
        assertThat(error(tenant, path + "?tool=aws-cli&endpointId=pe-1")).contains("endpointId 'pe-1'");
        api.as(tenant.admin()).get(path).expectStatus(400);
        api.as(tenant.admin()).get(tenant.path() + "/services/6aed6091-65b4-4449-af53-3c10012d371c/privateEndpointSetup?tool=aws-cli")
                .expectStatus(404);
    }

    private String error(Tenant tenant, String path) {
        return api.as(tenant.admin()).get(path).expectStatus(400).json().get("error").asString();
    }
}
