package dev.privatelink.cloud.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static org.assertj.core.api.Assertions.assertThat;

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
class AwsCloudContextIntegrationTests {

    static final WireMockServer STUB = new WireMockServer(options().dynamicPort());

    @DynamicPropertySource
    static void pointAwsAtTheStub(DynamicPropertyRegistry registry) {
        STUB.start();
        registry.add("privatelink.clouds.aws.endpoint-override", STUB::baseUrl);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @Autowired
    CloudBackends backends;
    @Autowired
    AwsCloudProperties settings;
    @Autowired
    MeterRegistry meters;

    @Test
    void theAwsAdapterServesAwsThroughTheGuard() {
        STUB.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok("DescribeVpcEndpointServiceConfigurations",
                AwsEndpointServicesWireTests.serviceConfiguration(AwsEndpointServicesWireTests.region("us-west-2"), ""))));

        EndpointServiceDescription described = backends.endpointServices(CloudProvider.AWS)
                .describeEndpointService(new EndpointServiceRef(CloudProvider.AWS, null, "us-west-2", SERVICE_ID));

        assertThat(backends.endpointServices(CloudProvider.AWS)).isInstanceOf(AwsEndpointServices.class);
        assertThat(backends.endpointServices(CloudProvider.AWS).backendName()).isEqualTo("aws-sdk");
        assertThat(backends.dnsRecords(CloudProvider.AWS)).isInstanceOf(AwsDnsRecords.class);
        assertThat(backends.dnsRecords(CloudProvider.AZURE).provider()).isEqualTo(CloudProvider.AZURE); // the sandbox's
        assertThat(backends.reverseEndpoints(CloudProvider.AWS)).containsInstanceOf(AwsReverseEndpoints.class);
        assertThat(described.available()).isTrue();
        assertThat(settings.regions().get("us-west-2").endpointServiceIds()).containsExactly(SERVICE_ID);
        assertThat(settings.reverseEndpointNetwork("us-west-2").subnetIds()).containsExactly("subnet-0a", "subnet-0b");
        assertThat(meters.get(CloudCallGuard.TIMER).tags("provider", "aws",
                "operation", "DescribeVpcEndpointServiceConfigurations", "outcome", "success").timer().count()).isEqualTo(1);
    }
}
