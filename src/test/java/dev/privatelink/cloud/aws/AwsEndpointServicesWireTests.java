package dev.privatelink.cloud.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceCreation;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.PrivateDnsNameVerification.DomainVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static dev.privatelink.cloud.aws.AwsStub.REGION;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Error;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static dev.privatelink.cloud.aws.AwsStub.ec2Requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real EC2 client against WireMock: request parameters and response mapping of each endpoint-service call. */
class AwsEndpointServicesWireTests {

    static final EndpointServiceRef REF = new EndpointServiceRef(CloudProvider.AWS, null, REGION, SERVICE_ID);

    final AwsStub aws = new AwsStub();
    final AwsEndpointServices cloud = aws.endpointServices();

    @AfterEach
    void stop() {
        aws.close();
    }

    static String serviceConfiguration(String supportedRegions, String privateDns) {
        return "<serviceConfigurationSet><item>"
                + "<serviceType><item><serviceType>Interface</serviceType></item></serviceType>"
                + "<serviceId>" + SERVICE_ID + "</serviceId>"
                + "<serviceName>com.amazonaws.vpce.us-west-2." + SERVICE_ID + "</serviceName>"
                + "<serviceState>Available</serviceState>"
                + "<availabilityZoneSet><item>us-west-2a</item></availabilityZoneSet>"
                + "<acceptanceRequired>true</acceptanceRequired><managesVpcEndpoints>false</managesVpcEndpoints>"
                + "<networkLoadBalancerArnSet><item>arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/net/db/abc</item></networkLoadBalancerArnSet>"
                + "<baseEndpointDnsNameSet><item>" + SERVICE_ID + ".us-west-2.vpce.amazonaws.com</item></baseEndpointDnsNameSet>"
                + privateDns
                + "<supportedRegionSet>" + supportedRegions + "</supportedRegionSet>"
                + "</item></serviceConfigurationSet>";
    }

    static String region(String name) {
        return "<item><region>" + name + "</region><serviceState>Available</serviceState></item>";
    }

    static String connection(String endpointId, String state, String region) {
        return "<item><serviceId>" + SERVICE_ID + "</serviceId><vpcEndpointId>" + endpointId + "</vpcEndpointId>"
                + "<vpcEndpointOwner>444455556666</vpcEndpointOwner><vpcEndpointState>" + state + "</vpcEndpointState>"
                + "<creationTimestamp>2025-03-01T10:00:24.350Z</creationTimestamp>"
                + "<vpcEndpointConnectionId>vpce-con-0abc</vpcEndpointConnectionId>"
                + "<vpcEndpointRegion>" + region + "</vpcEndpointRegion></item>";
    }

    static EndpointConnection pending(String endpointId) {
        return new EndpointConnection(endpointId, null, null, "pendingAcceptance", ConnectionState.PENDING_ACCEPTANCE,
                REGION, "444455556666", null);
    }

    @Test
    void describesTheServiceWithItsRegionsAndPrivateDnsState() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", serviceConfiguration(region("us-west-2") + region("eu-west-1"),
                        "<privateDnsName>*.us-west-2.vpce.aws.example.com</privateDnsName><privateDnsNameConfiguration>"
                                + "<state>pendingVerification</state><type>TXT</type><value>vpce:l6p0ERxlTt45jevFwOCp</value>"
                                + "<name>_6e86v84tqgqubxbwii1m</name></privateDnsNameConfiguration>"))));

        EndpointServiceDescription described = cloud.describeEndpointService(REF);

        assertThat(described.serviceName()).isEqualTo("com.amazonaws.vpce.us-west-2." + SERVICE_ID);
        assertThat(described.available()).isTrue();
        assertThat(described.supportedRegions()).containsExactlyInAnyOrder("us-west-2", "eu-west-1");
        assertThat(described.privateDnsName()).isEqualTo("*.us-west-2.vpce.aws.example.com");
        assertThat(described.privateDnsVerificationState()).isEqualTo("pendingVerification");
        aws.wireMock.verify(ec2Requested("DescribeVpcEndpointServiceConfigurations")
                .withRequestBody(containing("ServiceId.1=" + SERVICE_ID))
                .withRequestBody(containing("Version=2016-11-15")));
    }

    @Test
    void anEmptyDescriptionIsNotFound() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations")
                .willReturn(ec2Ok("DescribeVpcEndpointServiceConfigurations", "<serviceConfigurationSet/>")));

        assertThatThrownBy(() -> cloud.describeEndpointService(REF))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND));
    }

    @Test
    void listsEveryConnectionFollowingNextTokenAndMapsStates() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").withRequestBody(notContaining("NextToken"))
                .willReturn(ec2Ok("DescribeVpcEndpointConnections", "<vpcEndpointConnectionSet>"
                        + connection("vpce-0aaa", "pendingAcceptance", "us-west-2")
                        + connection("vpce-0bbb", "available", "eu-west-1")
                        + "</vpcEndpointConnectionSet><nextToken>page-2</nextToken>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").withRequestBody(containing("NextToken=page-2"))
                .willReturn(ec2Ok("DescribeVpcEndpointConnections", "<vpcEndpointConnectionSet>"
                        + connection("vpce-0ccc", "pending", "us-west-2")
                        + connection("vpce-0ddd", "rejected", "us-west-2")
                        + connection("vpce-0eee", "failed", "us-west-2")
                        + connection("vpce-0fff", "deleting", "us-west-2")
                        + connection("vpce-0ggg", "deleted", "us-west-2")
                        + connection("vpce-0hhh", "expired", "us-west-2")
                        + "</vpcEndpointConnectionSet>")));

        List<EndpointConnection> connections = cloud.listConnections(REF);

        assertThat(connections).extracting(EndpointConnection::state).containsExactly(
                ConnectionState.PENDING_ACCEPTANCE, ConnectionState.AVAILABLE, ConnectionState.PENDING,
                ConnectionState.REJECTED, ConnectionState.FAILED, ConnectionState.DELETING, ConnectionState.DELETED,
                ConnectionState.EXPIRED);
        EndpointConnection crossRegion = connections.get(1);
        assertThat(crossRegion.endpointId()).isEqualTo("vpce-0bbb");
        assertThat(crossRegion.cloudState()).isEqualTo("available");
        assertThat(crossRegion.endpointRegion()).isEqualTo("eu-west-1");
        assertThat(crossRegion.ownerId()).isEqualTo("444455556666");
        assertThat(crossRegion.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:24.350Z"));
        aws.wireMock.verify(2, ec2Requested("DescribeVpcEndpointConnections")
                .withRequestBody(containing("Filter.1.Name=service-id"))
                .withRequestBody(containing("Filter.1.Value.1=" + SERVICE_ID))
                .withRequestBody(containing("MaxResults=1000")));
    }

    /**
     * A state EC2 might add one day is still in progress, not an error: the listing works, keeps the
     * word, and an accept of such a connection spends no call (it is not pendingAcceptance).
     */
    @Test
    void anUndocumentedConnectionStateIsInProgressAndListsWithoutAnError() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "pendingVerification", REGION)
                        + connection("vpce-0bbb", "available", REGION) + "</vpcEndpointConnectionSet>")));

        List<EndpointConnection> connections = cloud.listConnections(REF);

        assertThat(connections).extracting(EndpointConnection::state)
                .containsExactly(ConnectionState.PENDING, ConnectionState.AVAILABLE);
        assertThat(connections.getFirst().cloudState()).isEqualTo("pendingVerification");
        cloud.acceptConnection(REF, connections.getFirst());
        assertThat(aws.count(ec2Requested("AcceptVpcEndpointConnections"))).isZero();
    }

    @Test
    void acceptsAPendingConnection() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections")
                .willReturn(ec2Ok("AcceptVpcEndpointConnections", "<unsuccessful/>")));

        cloud.acceptConnection(REF, pending("vpce-0aaa"));

        aws.wireMock.verify(1, ec2Requested("AcceptVpcEndpointConnections")
                .withRequestBody(containing("ServiceId=" + SERVICE_ID))
                .withRequestBody(containing("VpcEndpointId.1=vpce-0aaa")));
    }

    @Test
    void anAcceptedConnectionIsNotAcceptedAgain() {
        cloud.acceptConnection(REF, new EndpointConnection("vpce-0aaa", null, null, "available",
                ConnectionState.AVAILABLE, REGION, null, null));

        assertThat(aws.count(ec2Requested("AcceptVpcEndpointConnections"))).isZero();
    }

    @Test
    void anUnsuccessfulItemFailsWithItsCodeClassified() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidVpcEndpointId.NotFound</code>"
                        + "<message>The Vpc Endpoint Id 'vpce-0zzz' does not exist</message></error>"
                        + "<resourceId>vpce-0zzz</resourceId></item></unsuccessful>")));

        assertThatThrownBy(() -> cloud.acceptConnection(REF, pending("vpce-0zzz")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("InvalidVpcEndpointId.NotFound");
                    assertThat(e.getMessage()).contains("vpce-0zzz");
                });
    }

    @Test
    void aTransientUnsuccessfulItemIsRetried() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful><item><error><code>InternalError</code><message>try again</message></error>"
                        + "<resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));

        assertThatThrownBy(() -> cloud.acceptConnection(REF, pending("vpce-0aaa")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
                });
        assertThat(aws.count(ec2Requested("AcceptVpcEndpointConnections"))).isEqualTo(3);
    }

    @Test
    void invalidStateIsSuccessWhenAnotherReplicaAcceptedFirst() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidState</code><message>not pendingAcceptance</message></error>"
                        + "<resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "pending", REGION) + "</vpcEndpointConnectionSet>")));

        cloud.acceptConnection(REF, pending("vpce-0aaa"));

        aws.wireMock.verify(1, ec2Requested("DescribeVpcEndpointConnections")
                .withRequestBody(containing("Filter.2.Name=vpc-endpoint-id"))
                .withRequestBody(containing("Filter.2.Value.1=vpce-0aaa")));
    }

    @Test
    void invalidStateOfARejectedConnectionFailsAnAccept() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidState</code><message>rejected</message></error>"
                        + "<resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "rejected", REGION) + "</vpcEndpointConnectionSet>")));

        assertThatThrownBy(() -> cloud.acceptConnection(REF, pending("vpce-0aaa")))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL));
    }

    @Test
    void rejectsAConnection() {
        aws.wireMock.stubFor(ec2("RejectVpcEndpointConnections")
                .willReturn(ec2Ok("RejectVpcEndpointConnections", "<unsuccessful/>")));

        cloud.rejectConnection(REF, pending("vpce-0aaa"), "not on any allow list");

        aws.wireMock.verify(1, ec2Requested("RejectVpcEndpointConnections")
                .withRequestBody(containing("ServiceId=" + SERVICE_ID))
                .withRequestBody(containing("VpcEndpointId.1=vpce-0aaa")));
    }

    @Test
    void aRejectOfAConnectionItsOwnerIsDeletingMeanwhileIsDone() {
        aws.wireMock.stubFor(ec2("RejectVpcEndpointConnections").willReturn(ec2Ok("RejectVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidState</code><message>The VPC endpoint connection is in state deleting</message>"
                        + "</error><resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "deleting", REGION) + "</vpcEndpointConnectionSet>")));

        cloud.rejectConnection(REF, pending("vpce-0aaa"), "removed from the organization");

        aws.wireMock.verify(1, ec2Requested("DescribeVpcEndpointConnections")
                .withRequestBody(containing("Filter.2.Value.1=vpce-0aaa")));
    }

    @Test
    void aRejectOfAConnectionThatIsGoneIsDone() {
        aws.wireMock.stubFor(ec2("RejectVpcEndpointConnections").willReturn(ec2Ok("RejectVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidVpcEndpointId.NotFound</code><message>The Vpc Endpoint Id 'vpce-0aaa' "
                        + "does not exist</message></error><resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));

        cloud.rejectConnection(REF, pending("vpce-0aaa"), "removed from the organization");

        aws.wireMock.stubFor(ec2("RejectVpcEndpointConnections").willReturn(ec2Ok("RejectVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidState</code><message>deleted</message></error>"
                        + "<resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet/>")));

        cloud.rejectConnection(REF, pending("vpce-0aaa"), "removed from the organization");
    }

    @Test
    void anAcceptOfAConnectionThatIsGoneStillFails() {
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections",
                "<unsuccessful><item><error><code>InvalidState</code><message>deleting</message></error>"
                        + "<resourceId>vpce-0aaa</resourceId></item></unsuccessful>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + connection("vpce-0aaa", "deleting", REGION) + "</vpcEndpointConnectionSet>")));

        assertThatThrownBy(() -> cloud.acceptConnection(REF, pending("vpce-0aaa")))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidState"));
    }

    @Test
    void addsEveryMissingConsumerRegionInOneRequest() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", serviceConfiguration(region("us-west-2") + region("eu-west-1"), ""))));
        aws.wireMock.stubFor(ec2("ModifyVpcEndpointServiceConfiguration")
                .willReturn(ec2Ok("ModifyVpcEndpointServiceConfiguration", "<return>true</return>")));

        assertThat(cloud.allowConsumerRegions(REF, Set.of("eu-west-1", REGION))).isEmpty();
        assertThat(aws.count(ec2Requested("ModifyVpcEndpointServiceConfiguration"))).isZero();

        assertThat(cloud.allowConsumerRegions(REF, Set.of("eu-west-1", REGION, "eu-central-1", "ap-northeast-1"))).isEmpty();
        aws.wireMock.verify(1, ec2Requested("ModifyVpcEndpointServiceConfiguration")
                .withRequestBody(containing("ServiceId=" + SERVICE_ID))
                .withRequestBody(containing("AddSupportedRegion.1=ap-northeast-1"))
                .withRequestBody(containing("AddSupportedRegion.2=eu-central-1"))
                .withRequestBody(notContaining("AddSupportedRegion.3"))
                .withRequestBody(notContaining("=eu-west-1")));
    }

    /**
     * EC2 refuses the whole request when one region cannot be added (an opt-in region the account has
     * not enabled): the others are still added, one request each, and the refused one is named.
     */
    @Test
    void aRegionTheAccountHasNotEnabledDoesNotKeepTheOthersOut() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", serviceConfiguration(region(REGION), ""))));
        aws.wireMock.stubFor(ec2("ModifyVpcEndpointServiceConfiguration").atPriority(5)
                .willReturn(ec2Ok("ModifyVpcEndpointServiceConfiguration", "<return>true</return>")));
        aws.wireMock.stubFor(ec2("ModifyVpcEndpointServiceConfiguration").atPriority(1)
                .withRequestBody(containing("=me-central-1"))
                .willReturn(ec2Error(400, "OptInRequired",
                        "You are not subscribed to this service in me-central-1: enable the region for your account.")));

        Map<String, CloudException> refused = cloud.allowConsumerRegions(REF, Set.of("eu-west-1", "me-central-1", "ap-south-1"));

        assertThat(refused).containsOnlyKeys("me-central-1");
        assertThat(refused.get("me-central-1").code()).isEqualTo("OptInRequired");
        aws.wireMock.verify(1, ec2Requested("ModifyVpcEndpointServiceConfiguration")
                .withRequestBody(containing("AddSupportedRegion.3=me-central-1")));
        for (String offered : List.of("ap-south-1", "eu-west-1")) {
            aws.wireMock.verify(1, ec2Requested("ModifyVpcEndpointServiceConfiguration")
                    .withRequestBody(containing("AddSupportedRegion.1=" + offered))
                    .withRequestBody(notContaining("AddSupportedRegion.2")));
        }
        assertThat(aws.count(ec2Requested("ModifyVpcEndpointServiceConfiguration"))).isEqualTo(4);
    }

    @Test
    void aServiceThatIsGoneFailsTheWholeRequest() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", serviceConfiguration(region(REGION), ""))));
        aws.wireMock.stubFor(ec2("ModifyVpcEndpointServiceConfiguration").willReturn(ec2Error(400,
                "InvalidVpcEndpointServiceId.NotFound", "The Vpc Endpoint Service Id '" + SERVICE_ID + "' does not exist")));

        assertThatThrownBy(() -> cloud.allowConsumerRegions(REF, Set.of("eu-west-1", "ap-south-1")))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND));
        assertThat(aws.count(ec2Requested("ModifyVpcEndpointServiceConfiguration"))).isEqualTo(1);
    }

    @Test
    void setsThePrivateDnsNameAndReturnsTheVerificationRecord() {
        aws.wireMock.stubFor(ec2("ModifyVpcEndpointServiceConfiguration")
                .willReturn(ec2Ok("ModifyVpcEndpointServiceConfiguration", "<return>true</return>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", serviceConfiguration(region(REGION),
                        "<privateDnsName>*.us-west-2.vpce.aws.example.com</privateDnsName><privateDnsNameConfiguration>"
                                + "<state>pendingVerification</state><type>TXT</type><value>vpce:l6p0ERxlTt45jevFwOCp</value>"
                                + "<name>_6e86v84tqgqubxbwii1m</name></privateDnsNameConfiguration>"))));

        DomainVerification verification = cloud.setPrivateDnsName(REF, "*.us-west-2.vpce.aws.example.com");

        assertThat(verification).isEqualTo(new DomainVerification(
                "_6e86v84tqgqubxbwii1m.us-west-2.vpce.aws.example.com", "vpce:l6p0ERxlTt45jevFwOCp"));
        aws.wireMock.verify(1, ec2Requested("ModifyVpcEndpointServiceConfiguration")
                .withRequestBody(containing("PrivateDnsName=*.us-west-2.vpce.aws.example.com")));
    }

    @Test
    void startsPrivateDnsVerification() {
        aws.wireMock.stubFor(ec2("StartVpcEndpointServicePrivateDnsVerification")
                .willReturn(ec2Ok("StartVpcEndpointServicePrivateDnsVerification", "<return>true</return>")));

        cloud.startPrivateDnsVerification(REF);

        aws.wireMock.verify(1, ec2Requested("StartVpcEndpointServicePrivateDnsVerification")
                .withRequestBody(containing("ServiceId=" + SERVICE_ID)));
    }

    @Test
    void createsNoEndpointServiceOnRealAws() {
        assertThat(cloud).isNotInstanceOf(EndpointServiceCreation.class); // they need a load balancer: operators register them
    }

    @Test
    void throttlingArrivesAsThrottledAfterThreeAttemptsAtTheWire() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections")
                .willReturn(ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.")));

        assertThatThrownBy(() -> cloud.listConnections(REF))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
                    assertThat(e.code()).isEqualTo("RequestLimitExceeded");
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThat(aws.count(ec2Requested("DescribeVpcEndpointConnections"))).isEqualTo(3);
    }

    @Test
    void retryAfterFromTheCloudIsHonoured() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(
                ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.").withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> cloud.listConnections(REF))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
                    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(30));
                });
        // 30 s is beyond what a thread may wait: one attempt, then the workflow reschedules
        assertThat(aws.count(ec2Requested("DescribeVpcEndpointConnections"))).isEqualTo(1);
    }
}
