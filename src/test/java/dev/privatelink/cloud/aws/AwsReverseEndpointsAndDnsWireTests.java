package dev.privatelink.cloud.aws;

import java.util.List;
import java.util.Optional;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.cloud.ReverseVpcEndpoints.EndpointType;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.ResourceShareInvitations.ResourceShareInvitation;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpointRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.privatelink.cloud.aws.AwsStub.REGION;
import static dev.privatelink.cloud.aws.AwsStub.ZONE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static dev.privatelink.cloud.aws.AwsStub.ec2Requested;
import static dev.privatelink.cloud.aws.AwsStub.jsonError;
import static dev.privatelink.cloud.aws.AwsStub.jsonOk;
import static dev.privatelink.cloud.aws.AwsStub.route53Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real EC2, RAM, MSK and Route 53 clients against WireMock: reverse endpoints and DNS records. */
class AwsReverseEndpointsAndDnsWireTests {

    static final String MSK_CLUSTER = "arn:aws:kafka:us-west-2:444455556666:cluster/orders/0b5e7c1a-1111-2222-3333-444455556666-2";
    static final String VPC_CONNECTION = "arn:aws:kafka:us-west-2:111122223333:vpc-connection/444455556666/orders/5a6b7c8d-2";
    static final String INVITATION = "arn:aws:ram:us-west-2:444455556666:resource-share-invitation/7ab63972-b505-7e2a-420d-example";

    final AwsStub aws = new AwsStub();
    final AwsReverseEndpoints reverse = aws.reverseEndpoints();
    final AwsDnsRecords dns = aws.dnsRecords();

    @AfterEach
    void stop() {
        aws.close();
    }

    static String vpcEndpoint(String id, String state, String extra) {
        return "<vpcEndpointId>" + id + "</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType>"
                + "<vpcId>vpc-0platform</vpcId><serviceName>com.amazonaws.vpce.us-west-2.vpce-svc-0customer</serviceName>"
                + "<state>" + state + "</state>"
                + "<subnetIdSet><item>subnet-0a</item></subnetIdSet>"
                + "<groupSet><item><groupId>sg-0pipes</groupId><groupName>pipes</groupName></item></groupSet>"
                + "<dnsEntrySet><item><dnsName>" + id + "-abc.vpce-svc-0customer.us-west-2.vpce.amazonaws.com</dnsName>"
                + "<hostedZoneId>Z1YSA3EXCYUU9Z</hostedZoneId></item></dnsEntrySet>"
                + "<creationTimestamp>2025-03-01T10:00:00.000Z</creationTimestamp><ownerId>111122223333</ownerId>" + extra;
    }

    @Test
    void createsAVpcEndpointWithTheClientTokenAndThePlatformNetwork() {
        aws.wireMock.stubFor(ec2("CreateVpcEndpoint").willReturn(ec2Ok("CreateVpcEndpoint",
                "<vpcEndpoint>" + vpcEndpoint("vpce-0rev", "pending", "") + "</vpcEndpoint><clientToken>rep-42</clientToken>")));

        VpcEndpoint created = reverse.createVpcEndpoint(new VpcEndpointRequest(REGION, EndpointType.INTERFACE,
                "com.amazonaws.vpce.us-east-1.vpce-svc-0customer", "us-east-1", null, true, "rep-42"));

        assertThat(created.vpcEndpointId()).isEqualTo("vpce-0rev");
        assertThat(created.cloudState()).isEqualTo("pending");
        assertThat(created.state()).isEqualTo(ConnectionState.PENDING);
        assertThat(created.dnsNames()).containsExactly("vpce-0rev-abc.vpce-svc-0customer.us-west-2.vpce.amazonaws.com");
        aws.wireMock.verify(1, ec2Requested("CreateVpcEndpoint")
                .withRequestBody(containing("ClientToken=rep-42"))
                .withRequestBody(containing("VpcEndpointType=Interface"))
                .withRequestBody(containing("ServiceName=com.amazonaws.vpce.us-east-1.vpce-svc-0customer"))
                .withRequestBody(containing("ServiceRegion=us-east-1"))
                .withRequestBody(containing("VpcId=vpc-0platform"))
                .withRequestBody(containing("SubnetId.1=subnet-0a"))
                .withRequestBody(containing("SubnetId.2=subnet-0b"))
                .withRequestBody(containing("SecurityGroupId.1=sg-0pipes"))
                .withRequestBody(containing("PrivateDnsEnabled=true"))
                .withRequestBody(containing("TagSpecification.1.ResourceType=vpc-endpoint"))
                .withRequestBody(containing("TagSpecification.1.Tag.1.Key=privatelink%3Aclient-token"))
                .withRequestBody(containing("TagSpecification.1.Tag.1.Value=rep-42")));
    }

    @Test
    void createsAResourceEndpointToASharedResourceConfiguration() {
        String arn = "arn:aws:vpc-lattice:us-west-2:444455556666:resourceconfiguration/rcfg-0123";
        aws.wireMock.stubFor(ec2("CreateVpcEndpoint").willReturn(ec2Ok("CreateVpcEndpoint",
                "<vpcEndpoint>" + vpcEndpoint("vpce-0res", "pending", "") + "</vpcEndpoint>")));

        reverse.createVpcEndpoint(new VpcEndpointRequest(REGION, EndpointType.RESOURCE, null, null, arn, false, "rep-43"));

        aws.wireMock.verify(1, ec2Requested("CreateVpcEndpoint")
                .withRequestBody(containing("VpcEndpointType=Resource"))
                .withRequestBody(containing("ResourceConfigurationArn=arn%3Aaws%3Avpc-lattice"))
                .withRequestBody(containing("ClientToken=rep-43"))
                .withRequestBody(notContaining("ServiceName")));
    }

    @Test
    void aCreateWithoutClientTokenIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> reverse.createVpcEndpoint(new VpcEndpointRequest(REGION, EndpointType.INTERFACE, "svc", null, null,
                false, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(aws.wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void aFullSubnetFailsTerminally() {
        aws.wireMock.stubFor(ec2("CreateVpcEndpoint").willReturn(AwsStub.ec2Error(400, "InsufficientFreeAddressesInSubnet",
                "The specified subnet does not have enough free addresses")));

        assertThatThrownBy(() -> reverse.createVpcEndpoint(new VpcEndpointRequest(REGION, EndpointType.INTERFACE, "svc", null, null,
                false, "rep-44")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                    assertThat(ReverseVpcEndpoints.isSubnetFull(e)).isTrue();
                });
        assertThat(aws.count(ec2Requested("CreateVpcEndpoint"))).isEqualTo(1);
    }

    @Test
    void describesAVpcEndpointWithItsFailureReason() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpoints").willReturn(ec2Ok("DescribeVpcEndpoints",
                "<vpcEndpointSet><item>" + vpcEndpoint("vpce-0rev", "failed",
                        "<failureReason>No free /28 in subnet-0a</failureReason>") + "</item></vpcEndpointSet>")));

        Optional<VpcEndpoint> found = reverse.describeVpcEndpoint(REGION, "vpce-0rev");

        assertThat(found).hasValueSatisfying(e -> {
            assertThat(e.cloudState()).isEqualTo("failed");
            assertThat(e.state()).isEqualTo(ConnectionState.FAILED);
            assertThat(e.failureReason()).isEqualTo("No free /28 in subnet-0a");
        });
        // by filter, not by id list: an id that is gone must not fail the whole describe
        aws.wireMock.verify(ec2Requested("DescribeVpcEndpoints")
                .withRequestBody(containing("Filter.1.Name=vpc-endpoint-id"))
                .withRequestBody(containing("Filter.1.Value.1=vpce-0rev"))
                .withRequestBody(notContaining("VpcEndpointId.1")));
    }

    static String serviceDetail(String name, String region, String privateDnsName, boolean acceptanceRequired) {
        return "<item><serviceName>" + name + "</serviceName><serviceId>vpce-svc-0customer</serviceId>"
                + "<serviceType><item><serviceType>Interface</serviceType></item></serviceType>"
                + "<serviceRegion>" + region + "</serviceRegion>"
                + "<availabilityZoneSet><item>" + region + "a</item><item>" + region + "b</item></availabilityZoneSet>"
                + "<owner>444455556666</owner>"
                + "<baseEndpointDnsNameSet><item>vpce-svc-0customer." + region + ".vpce.amazonaws.com</item></baseEndpointDnsNameSet>"
                + (privateDnsName == null ? "" : "<privateDnsName>" + privateDnsName + "</privateDnsName>"
                + "<privateDnsNameSet><item><privateDnsName>" + privateDnsName + "</privateDnsName></item></privateDnsNameSet>"
                + "<privateDnsNameVerificationState>verified</privateDnsNameVerificationState>")
                + "<vpcEndpointPolicySupported>false</vpcEndpointPolicySupported>"
                + "<acceptanceRequired>" + acceptanceRequired + "</acceptanceRequired>"
                + "<managesVpcEndpoints>false</managesVpcEndpoints>"
                + "<supportedIpAddressTypeSet><item>ipv4</item></supportedIpAddressTypeSet></item>";
    }

    @Test
    void looksAtTheCustomersEndpointServiceAsAConsumerInItsOwnRegion() {
        String name = "com.amazonaws.vpce.us-east-1.vpce-svc-0customer";
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServices").willReturn(ec2Ok("DescribeVpcEndpointServices",
                "<serviceNameSet><item>" + name + "</item></serviceNameSet><serviceDetailSet>"
                        + serviceDetail(name, "us-east-1", "kafka.orders.internal", true) + "</serviceDetailSet>")));

        ReverseVpcEndpoints.EndpointServiceOffer offer = reverse.describeEndpointServiceOffer(REGION, name, "us-east-1");

        assertThat(offer).isEqualTo(new ReverseVpcEndpoints.EndpointServiceOffer(name, "us-east-1", "kafka.orders.internal", true));
        aws.wireMock.verify(ec2Requested("DescribeVpcEndpointServices")
                .withRequestBody(containing("ServiceName.1=" + name))
                .withRequestBody(containing("ServiceRegion.1=us-east-1")));
    }

    @Test
    void aServiceThatDoesNotAllowThePlatformIsAnInvalidServiceName() {
        String name = "com.amazonaws.vpce.us-west-2.vpce-svc-0private";
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServices").willReturn(AwsStub.ec2Error(400, "InvalidServiceName",
                "The Vpc Endpoint Service '" + name + "' does not exist")));

        assertThatThrownBy(() -> reverse.describeEndpointServiceOffer(REGION, name, null))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo(ReverseVpcEndpoints.SERVICE_NOT_VISIBLE);
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                });
        assertThat(aws.count(ec2Requested("DescribeVpcEndpointServices"))).isEqualTo(1);
        aws.wireMock.verify(ec2Requested("DescribeVpcEndpointServices").withRequestBody(notContaining("ServiceRegion")));
    }

    @Test
    void describesManyEndpointsInChunksOf200AcrossPagesAndTellsGeneratedFromPrivateNames() {
        java.util.List<String> ids = java.util.stream.IntStream.range(0, 201).mapToObj(i -> String.format("vpce-%017x", i)).toList();
        String privateEntry = "<item><dnsName>kafka.orders.internal</dnsName><hostedZoneId>Z0PRIVATE</hostedZoneId></item>";
        aws.wireMock.stubFor(ec2("DescribeVpcEndpoints").withRequestBody(containing("Filter.1.Value.200=" + ids.get(199)))
                .withRequestBody(notContaining("NextToken")).willReturn(ec2Ok("DescribeVpcEndpoints",
                        "<vpcEndpointSet><item>" + vpcEndpoint(ids.get(0), "available", "") .replace("</dnsEntrySet>", privateEntry + "</dnsEntrySet>")
                                + "</item></vpcEndpointSet><nextToken>page-2</nextToken>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpoints").withRequestBody(containing("NextToken=page-2")).willReturn(ec2Ok(
                "DescribeVpcEndpoints", "<vpcEndpointSet><item>" + vpcEndpoint(ids.get(1), "pendingAcceptance", "")
                        + "</item></vpcEndpointSet>")));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpoints").withRequestBody(containing("Filter.1.Value.1=" + ids.get(200)))
                .willReturn(ec2Ok("DescribeVpcEndpoints", "<vpcEndpointSet><item>" + vpcEndpoint(ids.get(200), "partial", "")
                        + "</item></vpcEndpointSet>")));

        List<VpcEndpoint> found = reverse.describeVpcEndpoints(REGION, ids);

        assertThat(found).extracting(VpcEndpoint::state).containsExactly(ConnectionState.AVAILABLE,
                ConnectionState.PENDING_ACCEPTANCE, ConnectionState.PENDING);
        assertThat(found.getFirst().dnsNames()).containsExactly(ids.getFirst() + "-abc.vpce-svc-0customer.us-west-2.vpce.amazonaws.com");
        assertThat(found.getFirst().privateDnsNames()).containsExactly("kafka.orders.internal");
        assertThat(aws.count(ec2Requested("DescribeVpcEndpoints"))).isEqualTo(3);
        aws.wireMock.verify(0, ec2Requested("DescribeVpcEndpoints").withRequestBody(containing("Filter.1.Value.201=")));
    }

    @Test
    void findsTheEndpointAnEarlierCreateMadeByItsClientTokenTag() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpoints").willReturn(ec2Ok("DescribeVpcEndpoints",
                "<vpcEndpointSet><item>" + vpcEndpoint("vpce-0rev", "pending", "") + "</item></vpcEndpointSet>")));

        assertThat(reverse.findVpcEndpoint(REGION, "rep-42")).map(VpcEndpoint::vpcEndpointId).contains("vpce-0rev");
        aws.wireMock.verify(ec2Requested("DescribeVpcEndpoints")
                .withRequestBody(containing("Filter.1.Name=tag%3Aprivatelink%3Aclient-token"))
                .withRequestBody(containing("Filter.1.Value.1=rep-42")));
    }

    @Test
    void looksUpTheInvitationsOfOneShareAndTheResourcesItHolds() {
        String share = "arn:aws:ram:us-west-2:444455556666:resource-share/abc";
        aws.wireMock.stubFor(post(urlPathEqualTo("/getresourceshareinvitations"))
                .willReturn(jsonOk("{\"resourceShareInvitations\":[{\"resourceShareInvitationArn\":\"" + INVITATION + "\","
                        + "\"resourceShareName\":\"db\",\"resourceShareArn\":\"" + share + "\","
                        + "\"senderAccountId\":\"444455556666\",\"receiverAccountId\":\"111122223333\","
                        + "\"invitationTimestamp\":1.740823224E9,\"status\":\"PENDING\"}]}")));
        aws.wireMock.stubFor(post(urlPathEqualTo("/listresources")).willReturn(jsonOk("{\"resources\":[{"
                + "\"arn\":\"arn:aws:vpc-lattice:us-west-2:444455556666:resourceconfiguration/rcfg-0123456789abcdef0\","
                + "\"type\":\"vpc-lattice:ResourceConfiguration\",\"resourceShareArn\":\"" + share + "\","
                + "\"status\":\"AVAILABLE\",\"creationTime\":1.740823224E9,\"lastUpdatedTime\":1.740823224E9}]}")));

        List<ResourceShareInvitation> invitations = reverse.invitationsForShare(REGION, share);
        List<String> resources = reverse.sharedResourceArns(REGION, share);

        assertThat(invitations).singleElement().satisfies(i -> {
            assertThat(i.isPending()).isTrue();
            assertThat(i.senderAccountId()).isEqualTo("444455556666");
        });
        assertThat(resources).containsExactly("arn:aws:vpc-lattice:us-west-2:444455556666:resourceconfiguration/rcfg-0123456789abcdef0");
        aws.wireMock.verify(postRequestedFor(urlPathEqualTo("/getresourceshareinvitations"))
                .withRequestBody(matchingJsonPath("$.resourceShareArns[0]", equalTo(share))));
        aws.wireMock.verify(postRequestedFor(urlPathEqualTo("/listresources"))
                .withRequestBody(matchingJsonPath("$.resourceOwner", equalTo("OTHER-ACCOUNTS")))
                .withRequestBody(matchingJsonPath("$.resourceShareArns[0]", equalTo(share))));
    }

    @Test
    void listsTheAccountsMskConnectionsAcrossPagesInOneStateVocabulary() {
        aws.wireMock.stubFor(get(urlPathEqualTo("/v1/vpc-connections")).willReturn(jsonOk("{\"vpcConnections\":["
                + listed(MSK_CLUSTER, VPC_CONNECTION, "AVAILABLE") + "],\"nextToken\":\"page-2\"}")));
        aws.wireMock.stubFor(get(urlEqualTo("/v1/vpc-connections?nextToken=page-2")).willReturn(jsonOk("{\"vpcConnections\":["
                + listed(MSK_CLUSTER, OTHER_CONNECTION, "REJECTED") + "," + listed(MSK_CLUSTER, GONE_CONNECTION, "INACTIVE") + "]}")));

        List<MskVpcConnection> connections = reverse.listMskVpcConnections(REGION);

        assertThat(connections).extracting(MskVpcConnection::state).containsExactly(ConnectionState.AVAILABLE,
                ConnectionState.REJECTED, ConnectionState.DISCONNECTED);
    }

    @Test
    void readsTheBrokersNamesForTheChosenAuthenticationWithoutPorts() {
        aws.wireMock.stubFor(get(urlPathMatching("/v1/clusters/.+/bootstrap-brokers")).willReturn(jsonOk(
                "{\"bootstrapBrokerStringSaslIam\":\"b-1.orders.x1.c2.kafka.us-west-2.amazonaws.com:9098\","
                        + "\"bootstrapBrokerStringVpcConnectivitySaslIam\":\"b-1.orders.x1.c2.kafka.us-west-2.amazonaws.com:14001,"
                        + "b-2.orders.x1.c2.kafka.us-west-2.amazonaws.com:14002\","
                        + "\"bootstrapBrokerStringVpcConnectivitySaslScram\":\"b-1.orders.x1.c2.kafka.us-west-2.amazonaws.com:14001\"}")));

        assertThat(reverse.brokerDnsNames(REGION, MSK_CLUSTER, "SASL_IAM")).containsExactly(
                "b-1.orders.x1.c2.kafka.us-west-2.amazonaws.com", "b-2.orders.x1.c2.kafka.us-west-2.amazonaws.com");
        assertThat(reverse.brokerDnsNames(REGION, MSK_CLUSTER, "SASL_SCRAM")).containsExactly(
                "b-1.orders.x1.c2.kafka.us-west-2.amazonaws.com");
    }

    @Test
    void customPrivateDnsNamesAreCnamesInThePlatformsPrivateZoneOfTheRegion() {
        aws.wireMock.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/Z0PRIVATEZONE/rrset/"))
                .willReturn(AwsStub.jsonOk(CHANGE_PENDING).withHeader("Content-Type", "text/xml")));

        String change = aws.platformPrivateDns().upsertRecord(REGION, "*.brokers.example.com",
                "vpce-0rev-abc.vpce-svc-0customer.us-west-2.vpce.amazonaws.com");

        assertThat(change).isEqualTo("C2682N5HXP0BZ4");
        aws.wireMock.verify(postRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z0PRIVATEZONE/rrset/"))
                .withRequestBody(containing("<Action>UPSERT</Action>"))
                .withRequestBody(containing("<Name>*.brokers.example.com</Name>"))
                .withRequestBody(containing("<Type>CNAME</Type>"))
                .withRequestBody(containing("<Value>vpce-0rev-abc.vpce-svc-0customer.us-west-2.vpce.amazonaws.com</Value>")));
    }

    @Test
    void aRegionWithoutAPrivateZoneFailsBeforeAnyCall() {
        assertThatThrownBy(() -> aws.platformPrivateDns().upsertRecord("eu-west-1", "kafka.example.com", "vpce-0rev"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(aws.wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void deletesAVpcEndpointAndAMissingOneIsNoError() {
        aws.wireMock.stubFor(ec2("DeleteVpcEndpoints").willReturn(ec2Ok("DeleteVpcEndpoints",
                "<unsuccessful><item><error><code>InvalidVpcEndpoint.NotFound</code><message>The VPC endpoint 'vpce-0gone' does not exist</message></error>"
                        + "<resourceId>vpce-0gone</resourceId></item></unsuccessful>")));

        reverse.deleteVpcEndpoint(REGION, "vpce-0gone");

        aws.wireMock.verify(1, ec2Requested("DeleteVpcEndpoints").withRequestBody(containing("VpcEndpointId.1=vpce-0gone")));
    }

    @Test
    void aDeleteRefusedForAnotherReasonFails() {
        aws.wireMock.stubFor(ec2("DeleteVpcEndpoints").willReturn(ec2Ok("DeleteVpcEndpoints",
                "<unsuccessful><item><error><code>UnauthorizedOperation</code><message>not yours</message></error>"
                        + "<resourceId>vpce-0rev</resourceId></item></unsuccessful>")));

        assertThatThrownBy(() -> reverse.deleteVpcEndpoint(REGION, "vpce-0rev"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                    assertThat(e.code()).isEqualTo("UnauthorizedOperation");
                });
    }

    @Test
    void listsResourceShareInvitationsAcrossPages() {
        aws.wireMock.stubFor(post(urlPathEqualTo("/getresourceshareinvitations")).withRequestBody(notContaining("nextToken"))
                .willReturn(jsonOk("{\"resourceShareInvitations\":[{\"resourceShareInvitationArn\":\"" + INVITATION + "\","
                        + "\"resourceShareName\":\"db\",\"resourceShareArn\":\"arn:aws:ram:us-west-2:444455556666:resource-share/abc\","
                        + "\"senderAccountId\":\"444455556666\",\"receiverAccountId\":\"111122223333\","
                        + "\"invitationTimestamp\":1.740823224E9,\"status\":\"PENDING\"}],\"nextToken\":\"t2\"}")));
        aws.wireMock.stubFor(post(urlPathEqualTo("/getresourceshareinvitations")).withRequestBody(matchingJsonPath("$.nextToken", equalTo("t2")))
                .willReturn(jsonOk("{\"resourceShareInvitations\":[{\"resourceShareInvitationArn\":\"" + INVITATION + "-2\","
                        + "\"resourceShareArn\":\"arn:aws:ram:us-west-2:444455556666:resource-share/def\","
                        + "\"senderAccountId\":\"444455556666\",\"status\":\"ACCEPTED\"}]}")));

        List<ResourceShareInvitation> invitations = reverse.listResourceShareInvitations(REGION);

        assertThat(invitations).extracting(ResourceShareInvitation::status).containsExactly("PENDING", "ACCEPTED");
        assertThat(invitations.getFirst().senderAccountId()).isEqualTo("444455556666");
    }

    @Test
    void acceptsAnInvitationAndAnAcceptedOneIsNoError() {
        aws.wireMock.stubFor(post(urlPathEqualTo("/acceptresourceshareinvitation")).willReturn(
                jsonError(400, "ResourceShareInvitationAlreadyAcceptedException", "already accepted")));

        reverse.acceptResourceShareInvitation(REGION, INVITATION);

        aws.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/acceptresourceshareinvitation"))
                .withRequestBody(matchingJsonPath("$.resourceShareInvitationArn", equalTo(INVITATION))));
    }

    @Test
    void createsDescribesAndDeletesAnMskVpcConnection() {
        aws.wireMock.stubFor(get(urlPathEqualTo("/v1/vpc-connections")).willReturn(jsonOk("{\"vpcConnections\":[]}")));
        aws.wireMock.stubFor(post(urlPathEqualTo("/v1/vpc-connection")).willReturn(jsonOk("{\"vpcConnectionArn\":\""
                + VPC_CONNECTION + "\",\"state\":\"CREATING\",\"authentication\":\"SASL_IAM\",\"vpcId\":\"vpc-0platform\"}")));
        aws.wireMock.stubFor(get(urlPathMatching("/v1/vpc-connection/.+")).willReturn(jsonOk("{\"vpcConnectionArn\":\""
                + VPC_CONNECTION + "\",\"targetClusterArn\":\"" + MSK_CLUSTER + "\",\"state\":\"AVAILABLE\"}")));
        aws.wireMock.stubFor(delete(urlPathMatching("/v1/vpc-connection/.+")).willReturn(jsonOk("{\"vpcConnectionArn\":\""
                + VPC_CONNECTION + "\",\"state\":\"DELETING\"}")));

        MskVpcConnection created = reverse.createMskVpcConnection(REGION, MSK_CLUSTER, "SASL_SCRAM", "rep-45");
        Optional<MskVpcConnection> described = reverse.describeMskVpcConnection(REGION, VPC_CONNECTION);
        reverse.deleteMskVpcConnection(REGION, VPC_CONNECTION);

        assertThat(created).isEqualTo(new MskVpcConnection(VPC_CONNECTION, MSK_CLUSTER, "CREATING", ConnectionState.PENDING));
        assertThat(described).contains(new MskVpcConnection(VPC_CONNECTION, MSK_CLUSTER, "AVAILABLE", ConnectionState.AVAILABLE));
        aws.wireMock.verify(postRequestedFor(urlPathEqualTo("/v1/vpc-connection"))
                .withRequestBody(matchingJsonPath("$.targetClusterArn", equalTo(MSK_CLUSTER)))
                .withRequestBody(matchingJsonPath("$.vpcId", equalTo("vpc-0platform")))
                .withRequestBody(matchingJsonPath("$.authentication", equalTo("SASL_SCRAM")))
                .withRequestBody(matchingJsonPath("$.clientSubnets[1]", equalTo("subnet-0b")))
                .withRequestBody(matchingJsonPath("$.securityGroups[0]", equalTo("sg-0pipes")))
                .withRequestBody(matchingJsonPath("$.tags['privatelink:client-token']", equalTo("rep-45"))));
        aws.wireMock.verify(1, deleteRequestedFor(urlPathMatching("/v1/vpc-connection/.+")));
    }

    static final String OTHER_CONNECTION = "arn:aws:kafka:us-west-2:111122223333:vpc-connection/444455556666/orders/0f0f0f0f-2";
    static final String GONE_CONNECTION = "arn:aws:kafka:us-west-2:111122223333:vpc-connection/444455556666/orders/dededede-2";

    /** A retry after a crash: the connection the first attempt created is listed, and its tag names our token. */
    @Test
    void aSecondCreateWithTheSameTokenFindsTheFirstConnectionAndCreatesNothing() {
        aws.wireMock.stubFor(get(urlPathEqualTo("/v1/vpc-connections")).willReturn(jsonOk("{\"vpcConnections\":["
                + listed("arn:aws:kafka:us-west-2:444455556666:cluster/other/99-2", "arn:aws:kafka:us-west-2:111122223333:vpc-connection/x/other/1-2", "AVAILABLE")
                + "]," + "\"nextToken\":\"page-2\"}")));
        aws.wireMock.stubFor(get(urlEqualTo("/v1/vpc-connections?nextToken=page-2")).willReturn(jsonOk("{\"vpcConnections\":["
                + listed(MSK_CLUSTER, GONE_CONNECTION, "DELETING") + ","
                + listed(MSK_CLUSTER, OTHER_CONNECTION, "AVAILABLE") + ","
                + listed(MSK_CLUSTER, VPC_CONNECTION, "CREATING") + "]}")));
        aws.wireMock.stubFor(get(urlPathMatching("/v1/vpc-connection/.*0f0f0f0f-2")).willReturn(jsonOk(described(OTHER_CONNECTION, "rep-12"))));
        aws.wireMock.stubFor(get(urlPathMatching("/v1/vpc-connection/.*5a6b7c8d-2")).willReturn(jsonOk(described(VPC_CONNECTION, "rep-45"))));
        aws.wireMock.stubFor(post(urlPathEqualTo("/v1/vpc-connection")).willReturn(jsonOk("{\"vpcConnectionArn\":\"arn:duplicate\"}")));

        MskVpcConnection again = reverse.createMskVpcConnection(REGION, MSK_CLUSTER, "SASL_IAM", "rep-45");

        assertThat(again).isEqualTo(new MskVpcConnection(VPC_CONNECTION, MSK_CLUSTER, "CREATING", ConnectionState.PENDING));
        aws.wireMock.verify(0, postRequestedFor(urlPathEqualTo("/v1/vpc-connection")));
        // only our VPC's live connections to that cluster were described to read their tags
        aws.wireMock.verify(0, getRequestedFor(urlPathMatching("/v1/vpc-connection/.*(dededede|other).*")));
    }

    @Test
    void aConnectionToTheClusterWithAnotherTokenIsNotOurs() {
        aws.wireMock.stubFor(get(urlPathEqualTo("/v1/vpc-connections")).willReturn(jsonOk("{\"vpcConnections\":["
                + listed(MSK_CLUSTER, OTHER_CONNECTION, "AVAILABLE") + "]}")));
        aws.wireMock.stubFor(get(urlPathMatching("/v1/vpc-connection/.*0f0f0f0f-2")).willReturn(jsonOk(described(OTHER_CONNECTION, "rep-12"))));
        aws.wireMock.stubFor(post(urlPathEqualTo("/v1/vpc-connection")).willReturn(jsonOk("{\"vpcConnectionArn\":\""
                + VPC_CONNECTION + "\",\"state\":\"CREATING\"}")));

        MskVpcConnection created = reverse.createMskVpcConnection(REGION, MSK_CLUSTER, "SASL_IAM", "rep-45");

        assertThat(created.vpcConnectionArn()).isEqualTo(VPC_CONNECTION);
        aws.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/v1/vpc-connection"))
                .withRequestBody(matchingJsonPath("$.tags['privatelink:client-token']", equalTo("rep-45"))));
    }

    static String listed(String cluster, String arn, String state) {
        return "{\"vpcConnectionArn\":\"" + arn + "\",\"targetClusterArn\":\"" + cluster + "\",\"state\":\"" + state
                + "\",\"authentication\":\"SASL_IAM\",\"vpcId\":\"vpc-0platform\",\"creationTime\":\"2025-03-01T10:00:00.000Z\"}";
    }

    static String described(String arn, String token) {
        return "{\"vpcConnectionArn\":\"" + arn + "\",\"targetClusterArn\":\"" + MSK_CLUSTER + "\",\"state\":\"CREATING\","
                + "\"vpcId\":\"vpc-0platform\",\"tags\":{\"privatelink:client-token\":\"" + token + "\"}}";
    }

    @Test
    void aMissingMskConnectionIsEmptyAndDeletingItIsNoError() {
        aws.wireMock.stubFor(get(urlPathMatching("/v1/vpc-connection/.+")).willReturn(jsonError(404, "NotFoundException", "gone")));
        aws.wireMock.stubFor(delete(urlPathMatching("/v1/vpc-connection/.+")).willReturn(jsonError(404, "NotFoundException", "gone")));

        assertThat(reverse.describeMskVpcConnection(REGION, VPC_CONNECTION)).isEmpty();
        reverse.deleteMskVpcConnection(REGION, VPC_CONNECTION);
    }

    // ---- Route 53

    static final String CHANGE_PENDING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsResponse "
            + "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id>"
            + "<Status>PENDING</Status><SubmittedAt>2025-03-01T01:36:41.958Z</SubmittedAt></ChangeInfo>"
            + "</ChangeResourceRecordSetsResponse>";

    @Test
    void upsertsAQuotedTxtRecordAndFollowsTheChangeToInsync() {
        aws.wireMock.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/" + ZONE_ID + "/rrset/"))
                .willReturn(AwsStub.jsonOk(CHANGE_PENDING).withHeader("Content-Type", "text/xml")));
        aws.wireMock.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).willReturn(AwsStub.jsonOk(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetChangeResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                        + "<ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>INSYNC</Status>"
                        + "<SubmittedAt>2025-03-01T01:36:41.958Z</SubmittedAt></ChangeInfo></GetChangeResponse>")
                .withHeader("Content-Type", "text/xml")));

        String change = dns.upsert(null, "_6e86v84tqgqubxbwii1m.us-west-2.vpce.aws.example.com", "TXT", 300,
                List.of("vpce:l6p0ERxlTt45jevFwOCp"));

        assertThat(change).isEqualTo("C2682N5HXP0BZ4");
        assertThat(dns.isChangeApplied(change)).isTrue();
        aws.wireMock.verify(postRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/" + ZONE_ID + "/rrset/"))
                .withRequestBody(containing("<Action>UPSERT</Action>"))
                .withRequestBody(containing("<Name>_6e86v84tqgqubxbwii1m.us-west-2.vpce.aws.example.com</Name>"))
                .withRequestBody(containing("<Type>TXT</Type>"))
                .withRequestBody(containing("<TTL>300</TTL>"))
                .withRequestBody(containing("<Value>&quot;vpce:l6p0ERxlTt45jevFwOCp&quot;</Value>")));
    }

    @Test
    void deletingAMissingRecordIsNoError() {
        aws.wireMock.stubFor(post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")).willReturn(route53Error(400,
                "InvalidChangeBatch", "[Tried to delete resource record set [name='_x.example.com.', type='TXT'] but it was not found]")));

        assertThat(dns.delete(ZONE_ID, "_x.example.com", "TXT", 300, List.of("v"))).isNull();
        aws.wireMock.verify(1, postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?"))
                .withRequestBody(containing("<Action>DELETE</Action>")));
    }

    @Test
    void anotherInvalidChangeBatchFailsTerminally() {
        aws.wireMock.stubFor(post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")).willReturn(route53Error(400,
                "InvalidChangeBatch", "[RRSet of type TXT with DNS name _x.example.com. is not permitted in zone other.com.]")));

        assertThatThrownBy(() -> dns.upsert(ZONE_ID, "_x.example.com", "TXT", 300, List.of("v")))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL));
    }

    @Test
    void aChangeInFlightOnTheZoneIsThrottling() {
        aws.wireMock.stubFor(post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")).willReturn(route53Error(400,
                "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.")));

        assertThatThrownBy(() -> dns.upsert(ZONE_ID, "_x.example.com", "TXT", 300, List.of("v")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThat(aws.count(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")))).isEqualTo(3);
    }
}
