package dev.privatelink.cloud.azure;

import java.time.Duration;
import java.util.List;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.support.SeparateDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.privatelink.cloud.azure.AzureArmStub.ALIAS;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_ID;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_PATH;
import static dev.privatelink.cloud.azure.AzureArmStub.REGION;
import static dev.privatelink.cloud.azure.AzureArmStub.RESOURCE_GROUP;
import static dev.privatelink.cloud.azure.AzureArmStub.SUBSCRIPTION;
import static dev.privatelink.cloud.azure.AzureArmStub.TOKEN;
import static dev.privatelink.cloud.azure.AzureArmStub.json;
import static dev.privatelink.cloud.azure.AzureArmStub.privateLinkService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service started with {@code privatelink.clouds.azure.enabled=true}, pointed at a stubbed Resource
 * Manager: Azure is served by the SDK adapter, configured from properties alone. (The Azure module's
 * one Spring context; only the credential and the certificate trust are the test's.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
@DirtiesContext
class AzureCloudContextIntegrationTests {

    static final AzureArmStub arm = new AzureArmStub();
    static final EmbeddedPostgres DATABASE = SeparateDatabase.start();

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        // the configured Private Link Service exists on the stub from the first moment: start-up verifies it
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(json(200, privateLinkService("Succeeded"))));
        SeparateDatabase.register(registry, DATABASE);
        registry.add("privatelink.clouds.azure.enabled", () -> "true");
        registry.add("privatelink.clouds.azure.tenant-id", () -> "tenant-of-the-platform");
        registry.add("privatelink.clouds.azure.subscription-id", () -> SUBSCRIPTION);
        registry.add("privatelink.clouds.azure.endpoint-override", () -> arm.baseUrl().toString());
        registry.add("privatelink.clouds.azure.regions." + REGION + ".resource-group", () -> RESOURCE_GROUP);
        registry.add("privatelink.clouds.azure.regions." + REGION + ".private-link-service-ids[0]", () -> PLS_ID);
        registry.add("privatelink.clouds.azure.private-dns.resource-group", () -> "rg-privatelink-dns");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StubbedArmAccess {

        @Bean
        @Primary
        TokenCredential stubArmToken() {
            return AzureArmStub.fixedToken();
        }

        @Bean
        @Primary
        HttpClient stubArmTrustingClient(AzureCloudProperties properties) {
            return AzureArmStub.trustingHttpClient(properties.responseTimeout());
        }
    }

    @Autowired
    CloudBackends backends;

    @Autowired
    List<DnsRecords> dnsRecords;

    @AfterAll
    static void stopArm() {
        arm.close();
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void theConfiguredPrivateLinkServiceIsRegisteredAndVerifiedAtStartUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select state from endpoint_service where provider = 'azure' and cloud_resource_id = ?")
                .param(PLS_ID).query(String.class).optional().filter("AVAILABLE"::equals).isPresent());

        assertThat(jdbc.sql("select region || ' ' || account from endpoint_service where cloud_resource_id = ?")
                .param(PLS_ID).query(String.class).single()).isEqualTo(REGION + " " + SUBSCRIPTION);
    }

    @Test
    void azureIsServedByTheSdkAdapterAgainstTheConfiguredResourceManager() {
        CloudEndpointServices azure = backends.endpointServices(CloudProvider.AZURE);
        List<EndpointServiceRef> configured = azure.configuredEndpointServices();

        assertThat(azure.backendName()).isEqualTo("azure-sdk");
        assertThat(configured).containsExactly(new EndpointServiceRef(CloudProvider.AZURE, SUBSCRIPTION, REGION, PLS_ID));
        assertThat(azure.describeEndpointService(configured.getFirst()).serviceName()).isEqualTo(ALIAS);
        LoggedRequest request = arm.requests().getLast();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(dnsRecords).filteredOn(records -> records.provider() == CloudProvider.AZURE)
                .singleElement().isInstanceOf(AzurePrivateDnsRecords.class);
    }
}
