package dev.privatelink.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ServiceLifecycleIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void theSeedsJqSelectFindsTheServiceByRegionProviderAndName() {
        Tenant tenant = api.newTenant("SCALE");
        api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "analytics", "provider", "aws", "region", "us-east-1", "tier", "PRODUCTION")).expectStatus(200);
        String id = api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "reporting", "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION")).result().get("service").get("id").asString();

        JsonNode services = api.as(tenant.developer()).get(tenant.path() + "/services").expectStatus(200).result();

        // jq ".result[] | select (.region==\"us-west-2\" and .provider==\"aws\" and .name==\"reporting\") | .id"
        List<String> selected = new ArrayList<>();
        services.forEach(s -> {
            if (s.get("region").asString().equals("us-west-2") && s.get("provider").asString().equals("aws")
                    && s.get("name").asString().equals("reporting")) {
                selected.add(s.get("id").asString());
            }
        });
        assertThat(selected).containsExactly(id);
        JsonNode one = api.as(tenant.developer()).get(tenant.path() + "/services/" + id).expectStatus(200).result();
        assertThat(one.get("tier").asString()).isEqualTo("production");
        assertThat(one.get("state").asString()).isEqualTo("running");
        assertThat(one.get("privateEndpointIds").isArray()).isTrue();
    }

    @Test
    void aServiceIsRenamedThenDeleted() {
        Tenant tenant = api.newTenant("SCALE");
        String path = tenant.path() + "/services/" + api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "old", "provider", "azure", "region", "westus3", "tier", "PRODUCTION")).result().get("service").get("id").asString();

        assertThat(api.as(tenant.admin()).patch(path, Map.of("name", "new")).expectStatus(200).result().get("name").asString())
                .isEqualTo("new");
        api.as(tenant.admin()).delete(path).expectStatus(200);

        assertThat(api.as(tenant.admin()).get(path).status()).isEqualTo(404);
    }

    @Test
    void pagesWalkEveryServiceOnceInCreationOrder() {
        Tenant tenant = api.newTenant("SCALE");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(api.as(tenant.admin()).post(tenant.path() + "/services",
                    Map.of("name", "s" + i, "provider", "aws", "region", "eu-west-1", "tier", "DEVELOPMENT")).result().get("service").get("id").asString());
        }

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            TestApi.Response page = api.as(tenant.admin()).get(tenant.path() + "/services?pageSize=3&pageToken=" + token).expectStatus(200);
            page.result().forEach(s -> seen.add(s.get("id").asString()));
            token = page.json().has("nextPageToken") ? page.json().get("nextPageToken").asString() : null;
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pages).isEqualTo(3);
    }
}
