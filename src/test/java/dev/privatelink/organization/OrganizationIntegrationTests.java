package dev.privatelink.organization;

import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class OrganizationIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void theDevelopmentAdminSeesTheDemoOrganizationInTheEnvelope() {
        TestApi.Response response = api.as(Credentials.DEV_ADMIN).get("/v1/organizations").expectStatus(200);

        assertThat(response.json().get("status").asInt()).isEqualTo(200);
        assertThat(response.json().get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.result()).hasSize(1);
        assertThat(response.result().get(0).get("name").asString()).isEqualTo("demo");
        assertThat(response.result().get(0).get("plan").asString()).isEqualTo("SCALE");
    }

    @Test
    void anOperatorCreatesAnOrganizationThatItsAdminThenRenames() {
        TestApi.Tenant tenant = api.newTenant("ENTERPRISE");

        TestApi.Response renamed = api.as(tenant.admin()).patch(tenant.path(), Map.of("name", "renamed")).expectStatus(200);

        assertThat(renamed.result().get("name").asString()).isEqualTo("renamed");
        assertThat(api.as(tenant.developer()).get(tenant.path()).expectStatus(200).result().get("name").asString())
                .isEqualTo("renamed");
    }
}
