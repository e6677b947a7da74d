package dev.privatelink.cloud.aws;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.ReverseVpcEndpoints.EndpointType;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpointRequest;
import dev.privatelink.cloud.resilience.ResilienceProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.privatelink.cloud.aws.AwsStub.REGION;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every AWS operation of the adapter, against the real SDK client and WireMock, in each failure mode:
 * throttled, 5xx, attempt timeout, not found. Also counts HTTP attempts per call at the wire: the SDK
 * makes one, the guard up to three, so a transient failure costs exactly three requests.
 */
class AwsFailureModesWireTests {

    static final EndpointServiceRef REF = new EndpointServiceRef(CloudProvider.AWS, null, REGION, SERVICE_ID);
    static final EndpointConnection PENDING = new EndpointConnection("vpce-0aaa", null, null, "pendingAcceptance",
            ConnectionState.PENDING_ACCEPTANCE, REGION, null, null);
    static final String MSK_ARN = "arn:aws:kafka:us-west-2:111122223333:vpc-connection/444455556666/orders/5a6b7c8d-2";

    enum Protocol { EC2, ROUTE53, JSON }

    /**
     * @param notFoundCode  the code the cloud answers for a missing object
     * @param notFoundKind  what the caller sees then; {@code null}: a normal answer (empty, or done)
     */
    record Operation(String name, Protocol protocol, Function<ResponseDefinitionBuilder, MappingBuilder> stub,
                     RequestPatternBuilder requested, Consumer<AwsStub> prepare, Consumer<AwsStub> call,
                     String notFoundCode, int notFoundStatus, CloudErrorKind notFoundKind) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Operation ec2(String name, String action, Consumer<AwsStub> call, String notFoundCode, CloudErrorKind notFoundKind) {
        return new Operation(name, Protocol.EC2, r -> AwsStub.ec2(action).willReturn(r), AwsStub.ec2Requested(action),
                aws -> { }, call, notFoundCode, 400, notFoundKind);
    }

    static List<Operation> operations() {
        String describeServices = "DescribeVpcEndpointServiceConfigurations";
        Consumer<AwsStub> serviceWithoutRegions = aws -> aws.wireMock.stubFor(AwsStub.ec2(describeServices)
                .willReturn(AwsStub.ec2Ok(describeServices, AwsEndpointServicesWireTests.serviceConfiguration("", ""))));
        Operation allowRegion = ec2("allowConsumerRegions", "ModifyVpcEndpointServiceConfiguration",
                aws -> aws.endpointServices().allowConsumerRegions(REF, Set.of("eu-west-1")),
                "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND);
        return List.of(
                ec2("describeEndpointService", describeServices, aws -> aws.endpointServices().describeEndpointService(REF),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("listConnections", "DescribeVpcEndpointConnections", aws -> aws.endpointServices().listConnections(REF),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("acceptConnection", "AcceptVpcEndpointConnections", aws -> aws.endpointServices().acceptConnection(REF, PENDING),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("rejectConnection", "RejectVpcEndpointConnections", aws -> aws.endpointServices().rejectConnection(REF, PENDING, "no"),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                new Operation(allowRegion.name(), allowRegion.protocol(), allowRegion.stub(), allowRegion.requested(),
                        serviceWithoutRegions, allowRegion.call(), allowRegion.notFoundCode(), 400, CloudErrorKind.NOT_FOUND),
                ec2("setPrivateDnsName", "ModifyVpcEndpointServiceConfiguration",
                        aws -> aws.endpointServices().setPrivateDnsName(REF, "*.us-west-2.vpce.aws.example.com"),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("startPrivateDnsVerification", "StartVpcEndpointServicePrivateDnsVerification",
                        aws -> aws.endpointServices().startPrivateDnsVerification(REF),
                        "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("describeEndpointServiceOffer", "DescribeVpcEndpointServices", aws -> aws.reverseEndpoints()
                                .describeEndpointServiceOffer(REGION, "com.amazonaws.vpce.us-west-2.vpce-svc-0gone", null),
                        "InvalidServiceName", CloudErrorKind.TERMINAL),
                ec2("createVpcEndpoint", "CreateVpcEndpoint", aws -> aws.reverseEndpoints().createVpcEndpoint(
                                new VpcEndpointRequest(REGION, EndpointType.INTERFACE, "com.amazonaws.vpce.us-west-2.vpce-svc-0gone",
                                        null, null, false, "rep-1")),
                        "InvalidServiceName", CloudErrorKind.TERMINAL),
                // by filter EC2 never answers not-found; if it did, the ids must not be taken for deleted
                ec2("describeVpcEndpoints", "DescribeVpcEndpoints", aws -> aws.reverseEndpoints().describeVpcEndpoints(REGION,
                        List.of("vpce-0rev", "vpce-0two")), "InvalidVpcEndpointId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("findVpcEndpoint", "DescribeVpcEndpoints", aws -> aws.reverseEndpoints().findVpcEndpoint(REGION, "rep-1"),
                        "InvalidVpcEndpointId.NotFound", CloudErrorKind.NOT_FOUND),
                ec2("deleteVpcEndpoint", "DeleteVpcEndpoints", aws -> aws.reverseEndpoints().deleteVpcEndpoint(REGION, "vpce-0rev"),
                        "InvalidVpcEndpointId.NotFound", null),
                json("listResourceShareInvitations", post(urlPathEqualTo("/getresourceshareinvitations")),
                        postRequestedFor(urlPathEqualTo("/getresourceshareinvitations")),
                        aws -> aws.reverseEndpoints().listResourceShareInvitations(REGION),
                        "UnknownResourceException", 400, CloudErrorKind.NOT_FOUND),
                json("invitationsForShare", post(urlPathEqualTo("/getresourceshareinvitations")),
                        postRequestedFor(urlPathEqualTo("/getresourceshareinvitations")),
                        aws -> aws.reverseEndpoints().invitationsForShare(REGION, "arn:aws:ram:us-west-2:444455556666:resource-share/gone"),
                        "UnknownResourceException", 400, CloudErrorKind.NOT_FOUND),
                json("sharedResourceArns", post(urlPathEqualTo("/listresources")), postRequestedFor(urlPathEqualTo("/listresources")),
                        aws -> aws.reverseEndpoints().sharedResourceArns(REGION, "arn:aws:ram:us-west-2:444455556666:resource-share/gone"),
                        "UnknownResourceException", 400, CloudErrorKind.NOT_FOUND),
                json("acceptResourceShareInvitation", post(urlPathEqualTo("/acceptresourceshareinvitation")),
                        postRequestedFor(urlPathEqualTo("/acceptresourceshareinvitation")),
                        aws -> aws.reverseEndpoints().acceptResourceShareInvitation(REGION, "arn:aws:ram:us-west-2:4:resource-share-invitation/x"),
                        "ResourceShareInvitationArnNotFoundException", 400, CloudErrorKind.NOT_FOUND),
                // the create first looks for an earlier connection with its token: none here
                new Operation("createMskVpcConnection", Protocol.JSON, post(urlPathEqualTo("/v1/vpc-connection"))::willReturn,
                        postRequestedFor(urlPathEqualTo("/v1/vpc-connection")),
                        aws -> aws.wireMock.stubFor(get(urlPathEqualTo("/v1/vpc-connections"))
                                .willReturn(AwsStub.jsonOk("{\"vpcConnections\":[]}"))),
                        aws -> aws.reverseEndpoints().createMskVpcConnection(REGION, "arn:aws:kafka:us-west-2:4:cluster/gone/x",
                                "SASL_IAM", "rep-2"),
                        "NotFoundException", 404, CloudErrorKind.NOT_FOUND),
                json("listMskVpcConnections", get(urlPathEqualTo("/v1/vpc-connections")),
                        getRequestedFor(urlPathEqualTo("/v1/vpc-connections")),
                        aws -> aws.reverseEndpoints().listMskVpcConnections(REGION), "NotFoundException", 404, CloudErrorKind.NOT_FOUND),
                json("getMskBootstrapBrokers", get(urlPathMatching("/v1/clusters/.+/bootstrap-brokers")),
                        getRequestedFor(urlPathMatching("/v1/clusters/.+/bootstrap-brokers")),
                        aws -> aws.reverseEndpoints().brokerDnsNames(REGION, "arn:aws:kafka:us-west-2:4:cluster/gone/x", "SASL_IAM"),
                        "NotFoundException", 404, CloudErrorKind.NOT_FOUND),
                json("describeMskVpcConnection", get(urlPathMatching("/v1/vpc-connection/.+")),
                        getRequestedFor(urlPathMatching("/v1/vpc-connection/.+")),
                        aws -> aws.reverseEndpoints().describeMskVpcConnection(REGION, MSK_ARN), "NotFoundException", 404, null),
                json("deleteMskVpcConnection", delete(urlPathMatching("/v1/vpc-connection/.+")),
                        deleteRequestedFor(urlPathMatching("/v1/vpc-connection/.+")),
                        aws -> aws.reverseEndpoints().deleteMskVpcConnection(REGION, MSK_ARN), "NotFoundException", 404, null),
                route53("upsertRecord", post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")),
                        postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")),
                        aws -> aws.dnsRecords().upsert(null, "_x.example.com", "TXT", 300, List.of("v")),
                        "NoSuchHostedZone", 404, CloudErrorKind.TERMINAL),
                route53("deleteRecord", post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")),
                        postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")),
                        aws -> aws.dnsRecords().delete(null, "_x.example.com", "TXT", 300, List.of("v")),
                        "InvalidChangeBatch", 400, null),
                route53("upsertPrivateRecord", post(urlPathMatching("/2013-04-01/hostedzone/Z0PRIVATEZONE/rrset/?")),
                        postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/Z0PRIVATEZONE/rrset/?")),
                        aws -> aws.platformPrivateDns().upsertRecord(REGION, "kafka.example.com", "vpce-0rev.vpce.amazonaws.com"),
                        "NoSuchHostedZone", 404, CloudErrorKind.TERMINAL),
                route53("isChangeApplied", get(urlPathMatching("/2013-04-01/change/.+")),
                        getRequestedFor(urlPathMatching("/2013-04-01/change/.+")),
                        aws -> aws.dnsRecords().isChangeApplied("C2682N5HXP0BZ4"), "NoSuchChange", 404, CloudErrorKind.NOT_FOUND));
    }

    static Operation json(String name, MappingBuilder mapping, RequestPatternBuilder requested, Consumer<AwsStub> call,
                          String notFoundCode, int status, CloudErrorKind notFoundKind) {
        return new Operation(name, Protocol.JSON, mapping::willReturn, requested, aws -> { }, call, notFoundCode, status, notFoundKind);
    }

    static Operation route53(String name, MappingBuilder mapping, RequestPatternBuilder requested, Consumer<AwsStub> call,
                             String notFoundCode, int status, CloudErrorKind notFoundKind) {
        return new Operation(name, Protocol.ROUTE53, mapping::willReturn, requested, aws -> { }, call, notFoundCode, status, notFoundKind);
    }

    static ResponseDefinitionBuilder error(Protocol protocol, int status, String code, String message) {
        return switch (protocol) {
            case EC2 -> AwsStub.ec2Error(status, code, message);
            case ROUTE53 -> AwsStub.route53Error(status, code, message);
            case JSON -> AwsStub.jsonError(status, code, message);
        };
    }

    static Stream<Arguments> throttling() {
        return operations().stream().map(op -> Arguments.of(op, switch (op.protocol()) {
            case EC2 -> AwsStub.ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
            case ROUTE53 -> AwsStub.route53Error(400, "Throttling", "Rate exceeded");
            case JSON -> AwsStub.jsonError(429, op.name().contains("Msk") ? "TooManyRequestsException" : "ThrottlingException",
                    "Rate exceeded");
        }));
    }

    static Stream<Arguments> serverErrors() {
        return operations().stream().map(op -> Arguments.of(op, switch (op.protocol()) {
            case EC2 -> AwsStub.ec2Error(500, "InternalError", "An internal error has occurred");
            case ROUTE53 -> AwsStub.route53Error(503, "ServiceUnavailable", "Service unavailable");
            case JSON -> AwsStub.jsonError(500, op.name().contains("Msk") ? "InternalServerErrorException" : "ServerInternalException",
                    "internal failure");
        }));
    }

    /** What the cases share: the machine's time, which a short attempt timeout is sensitive to. */
    private static final String ATTEMPT_TIMING = "attempt-timing";

    final AwsStub aws = new AwsStub(ResilienceProperties.defaults().budgetFraction(), AwsStub.SHORT_ATTEMPT_TIMEOUT);

    /**
     * Three, except CreateVpcEndpoint: its budget (1 call per 3.7 s, inside EC2's burst 4 / 0.3 per s)
     * has no permit for an immediate retry, so the caller gets the cloud's error with the wait instead.
     */
    static int expectedAttempts(Operation op) {
        return op.name().equals("createVpcEndpoint") ? 1 : 3;
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throttling")
    @ResourceLock(value = ATTEMPT_TIMING, mode = ResourceAccessMode.READ_WRITE)
    void throttlingIsRetriedThreeTimesThenReportedWithAHint(Operation op, ResponseDefinitionBuilder throttled) {
        op.prepare().accept(aws);
        aws.wireMock.stubFor(op.stub().apply(throttled));

        assertThatThrownBy(() -> op.call().accept(aws)).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
            assertThat(e.retryAfter()).isPresent();
        });
        assertThat(aws.count(op.requested())).isEqualTo(expectedAttempts(op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverErrors")
    @ResourceLock(value = ATTEMPT_TIMING, mode = ResourceAccessMode.READ_WRITE)
    void serverErrorsAreRetriedThreeTimesThenRetryable(Operation op, ResponseDefinitionBuilder failure) {
        op.prepare().accept(aws);
        aws.wireMock.stubFor(op.stub().apply(failure));

        assertThatThrownBy(() -> op.call().accept(aws)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.RETRYABLE));
        assertThat(aws.count(op.requested())).isEqualTo(expectedAttempts(op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    // each case waits out three attempt timeouts on its own stub (~3 s of sleeping): they wait side by side,
    // but never beside the other cases, whose single attempts must not be slowed past the short timeout
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(value = ATTEMPT_TIMING, mode = ResourceAccessMode.READ)
    void anAttemptOutlastingItsTimeoutIsRetriedThenRetryable(Operation op) {
        op.prepare().accept(aws);
        aws.wireMock.stubFor(op.stub().apply(aResponse().withStatus(200)
                .withFixedDelay((int) AwsStub.SHORT_ATTEMPT_TIMEOUT.toMillis() + 700)));

        assertThatThrownBy(() -> op.call().accept(aws)).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
            assertThat(e.code()).isEqualTo("Timeout");
        });
        assertThat(aws.count(op.requested())).isEqualTo(expectedAttempts(op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    @ResourceLock(value = ATTEMPT_TIMING, mode = ResourceAccessMode.READ_WRITE)
    void notFoundIsAnsweredAtOnce(Operation op) {
        op.prepare().accept(aws);
        String message = op.notFoundCode().equals("InvalidChangeBatch")
                ? "[Tried to delete resource record set [name='_x.example.com.', type='TXT'] but it was not found]"
                : "The requested object does not exist";
        aws.wireMock.stubFor(op.stub().apply(error(op.protocol(), op.notFoundStatus(), op.notFoundCode(), message)));

        Throwable thrown = catchThrowable(() -> op.call().accept(aws));

        if (op.notFoundKind() == null) {
            assertThat(thrown).isNull();
        } else {
            assertThat(thrown).isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.kind()).isEqualTo(op.notFoundKind());
                assertThat(e.code()).isEqualTo(op.notFoundCode());
            });
        }
        assertThat(aws.count(op.requested())).isEqualTo(1);
    }
}
