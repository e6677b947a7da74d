package dev.privatelink.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static dev.privatelink.cloud.aws.AwsEndpointServicesWireTests.REF;
import static dev.privatelink.cloud.aws.AwsEndpointServicesWireTests.connection;
import static dev.privatelink.cloud.aws.AwsEndpointServicesWireTests.pending;
import static dev.privatelink.cloud.aws.AwsStub.REGION;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Error;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static dev.privatelink.cloud.aws.AwsStub.ec2Requested;
import static org.assertj.core.api.Assertions.assertThat;

/** Batched accepts: many {@code VpcEndpointId.N} in one AcceptVpcEndpointConnections, outcomes per connection. */
class AwsBatchAcceptWireTests {

    final AwsStub aws = new AwsStub();
    final AwsEndpointServices cloud = aws.endpointServices();

    @AfterEach
    void stop() {
        aws.close();
    }

    static String unsuccessful(String endpointId, String code, String message) {
        return "<item><error><code>" + code + "</code><message>" + message + "</message></error>"
                + "<resourceId>" + endpointId + "</resourceId></item>";
    }

    @Test
    void acceptsManyConnectionsInOneCallNamingEachEndpoint() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections", "<unsuccessful/>")));

        Map<EndpointConnection, CloudException> failures = cloud.acceptConnections(REF,
                List.of(pending("vpce-0aaa"), pending("vpce-0bbb"), pending("vpce-0ccc")));

        assertThat(failures).isEmpty();
        aws.wireMock.verify(1, ec2Requested("AcceptVpcEndpointConnections")
                .withRequestBody(containing("ServiceId=" + SERVICE_ID))
                .withRequestBody(containing("VpcEndpointId.1=vpce-0aaa"))
                .withRequestBody(containing("VpcEndpointId.2=vpce-0bbb"))
                .withRequestBody(containing("VpcEndpointId.3=vpce-0ccc"))
                .withRequestBody(notContaining("VpcEndpointId.4")));
    }

    @Test
    void anUnsuccessfulItemFailsOnlyItsOwnConnection() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful>" + unsuccessful("vpce-0bbb", "InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id 'vpce-0bbb' does not exist")
                        + unsuccessful("vpce-0ccc", "InternalError", "try again") + "</unsuccessful>")));
        EndpointConnection accepted = pending("vpce-0aaa");
        EndpointConnection missing = pending("vpce-0bbb");
        EndpointConnection transientFailure = pending("vpce-0ccc");

        Map<EndpointConnection, CloudException> failures = cloud.acceptConnections(REF, List.of(accepted, missing, transientFailure));

        assertThat(failures).containsOnlyKeys(missing, transientFailure);
        assertThat(failures.get(missing).kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
        assertThat(failures.get(missing).code()).isEqualTo("InvalidVpcEndpointId.NotFound");
        assertThat(failures.get(missing).getMessage()).contains("vpce-0bbb");
        assertThat(failures.get(transientFailure).kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        // a per-item transient error is not retried by resending the whole batch: its workflow retries it
        assertThat(aws.count(ec2Requested("AcceptVpcEndpointConnections"))).isEqualTo(1);
    }

    @Test
    void invalidStateItemsAreCheckedInOneDescribeAndCountWhenAlreadyAccepted() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful>" + unsuccessful("vpce-0aaa", "InvalidState", "not pendingAcceptance")
                        + unsuccessful("vpce-0bbb", "InvalidState", "not pendingAcceptance") + "</unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "available", REGION)
                        + connection("vpce-0bbb", "rejected", REGION) + "</vpcEndpointConnectionSet>")));
        EndpointConnection acceptedElsewhere = pending("vpce-0aaa");
        EndpointConnection rejected = pending("vpce-0bbb");

        Map<EndpointConnection, CloudException> failures = cloud.acceptConnections(REF, List.of(acceptedElsewhere, rejected));

        assertThat(failures).containsOnlyKeys(rejected);
        assertThat(failures.get(rejected).kind()).isEqualTo(CloudErrorKind.TERMINAL);
        assertThat(failures.get(rejected).code()).isEqualTo("InvalidState");
        aws.wireMock.verify(1, ec2Requested("DescribeVpcEndpointConnections")
                .withRequestBody(containing("Filter.2.Name=vpc-endpoint-id"))
                .withRequestBody(containing("Filter.2.Value.1=vpce-0aaa"))
                .withRequestBody(containing("Filter.2.Value.2=vpce-0bbb")));
    }

    @Test
    void largeBatchesGoInChunksOfFiftyAndAcceptedConnectionsAreSkipped() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections", "<unsuccessful/>")));
        List<EndpointConnection> connections = new ArrayList<>();
        IntStream.range(0, 120).forEach(i -> connections.add(pending("vpce-0%03d".formatted(i))));
        connections.add(new EndpointConnection("vpce-0done", null, null, "available", ConnectionState.AVAILABLE, REGION, null, null));

        assertThat(cloud.acceptConnections(REF, connections)).isEmpty();

        assertThat(aws.count(ec2Requested("AcceptVpcEndpointConnections"))).isEqualTo(3);
        aws.wireMock.verify(1, ec2Requested("AcceptVpcEndpointConnections")
                .withRequestBody(containing("VpcEndpointId.50=vpce-0049"))
                .withRequestBody(notContaining("VpcEndpointId.51")));
        aws.wireMock.verify(1, ec2Requested("AcceptVpcEndpointConnections")
                .withRequestBody(containing("VpcEndpointId.1=vpce-0100"))
                .withRequestBody(containing("VpcEndpointId.20=vpce-0119"))
                .withRequestBody(notContaining("VpcEndpointId.21")));
        aws.wireMock.verify(0, ec2Requested("AcceptVpcEndpointConnections").withRequestBody(containing("vpce-0done")));
    }

    @Test
    void aThrottledCallIsReportedAgainstEveryConnectionItCarried() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.")));
        EndpointConnection first = pending("vpce-0aaa");
        EndpointConnection second = pending("vpce-0bbb");

        Map<EndpointConnection, CloudException> failures = cloud.acceptConnections(REF, List.of(first, second));

        assertThat(failures).containsOnlyKeys(first, second);
        assertThat(failures.values()).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
            assertThat(e.retryAfter()).isPresent();
        });
    }
}
