package dev.privatelink.cloud.aws;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import dev.privatelink.support.SeparateDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service with the real AWS adapter switched on and pointed at a stub: the context starts,
 * {@link CloudBackends} picks the adapter for AWS, and a call goes through the guard to the wire.
 * The one Spring context of this module.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "privatelink.clouds.aws.enabled=true",
        "privatelink.clouds.aws.default-account=111122223333",
        "privatelink.clouds.aws.route53-public-zone-id=Z0123456789ABCDEFGHIJ",
        "privatelink.clouds.aws.regions.us-west-2.endpoint-service-ids[0]=" + SERVICE_ID,
        "privatelink.clouds.aws.regions.us-west-2.reverse-endpoints.vpc-id=vpc-0platform",
        "privatelink.clouds.aws.regions.us-west-2.reverse-endpoints.subnet-ids=subnet-0a,subnet-0b",
        "privatelink.clouds.aws.api-call-attempt-timeout=5s"})
@ActiveProfiles("test")
@DirtiesContext
class AwsCloudContextIntegrationTests {

    static final WireMockServer STUB = new WireMockServer(options().dynamicPort());
    static final EmbeddedPostgres DATABASE = SeparateDatabase.start();

    @DynamicPropertySource
    static void pointAwsAtTheStub(DynamicPropertyRegistry registry) {
        STUB.start();
        // the configured endpoint service exists on the stub from the first moment: start-up verifies it
        STUB.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok("DescribeVpcEndpointServiceConfigurations",
                AwsEndpointServicesWireTests.serviceConfiguration(AwsEndpointServicesWireTests.region("us-west-2"), ""))));
        registry.add("privatelink.clouds.aws.endpoint-override", STUB::baseUrl);
        SeparateDatabase.register(registry, DATABASE);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CloudBackends backends;
    @Autowired
    AwsCloudProperties settings;
    @Autowired
    MeterRegistry meters;

    @Test
    void theConfiguredEndpointServiceIsRegisteredAndVerifiedAtStartUp() {
        awaitConfiguredServiceAvailable();

        assertThat(jdbc.sql("select region || ' ' || account from endpoint_service where cloud_resource_id = ?")
                .param(SERVICE_ID).query(String.class).single()).isEqualTo("us-west-2 111122223333");
    }

    @Test
    void theAwsAdapterServesAwsThroughTheGuard() {
        awaitConfiguredServiceAvailable(); // its verification's describe is done and counted
        long describedBefore = meters.get(CloudCallGuard.TIMER).tags("provider", "aws",
                "operation", "DescribeVpcEndpointServiceConfigurations", "outcome", "success").timer().count();

        EndpointServiceDescription described = backends.endpointServices(CloudProvider.AWS)
                .describeEndpointService(new EndpointServiceRef(CloudProvider.AWS, null, "us-west-2", SERVICE_ID));

        assertThat(backends.endpointServices(CloudProvider.AWS)).isInstanceOf(AwsEndpointServices.class);
        assertThat(backends.endpointServices(CloudProvider.AWS).backendName()).isEqualTo("aws-sdk");
        assertThat(backends.dnsRecords(CloudProvider.AWS)).isInstanceOf(AwsDnsRecords.class);
        assertThat(backends.dnsRecords(CloudProvider.AZURE).provider()).isEqualTo(CloudProvider.AZURE); // the sandbox's
        assertThat(backends.reverseVpcEndpoints(CloudProvider.AWS)).containsInstanceOf(AwsReverseEndpoints.class);
        assertThat(backends.crossRegionConsumers(CloudProvider.AWS)).containsInstanceOf(AwsEndpointServices.class);
        assertThat(backends.endpointServiceCreation(CloudProvider.AWS)).isEmpty();
        assertThat(described.available()).isTrue();
        assertThat(settings.regions().get("us-west-2").endpointServiceIds()).containsExactly(SERVICE_ID);
        assertThat(settings.reverseEndpointNetwork("us-west-2").subnetIds()).containsExactly("subnet-0a", "subnet-0b");
        assertThat(meters.get(CloudCallGuard.TIMER).tags("provider", "aws",
                "operation", "DescribeVpcEndpointServiceConfigurations", "outcome", "success").timer().count()).isEqualTo(describedBefore + 1);
    }

    private void awaitConfiguredServiceAvailable() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select state from endpoint_service where provider = 'aws' and cloud_resource_id = ?")
                .param(SERVICE_ID).query(String.class).optional().filter("AVAILABLE"::equals).isPresent());
    }
}
