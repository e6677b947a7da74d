package dev.privatelink.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import dev.privatelink.cloud.resilience.ResilienceProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for AWS, with the real SDK clients pointed at it through
 * {@code endpoint-override}: EC2 Query (form posts, XML), Route 53 REST-XML, RAM and MSK REST-JSON.
 */
final class AwsStub implements AutoCloseable {

    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-west-2";
    static final String SERVICE_ID = "vpce-svc-0123456789abcdef0";
    static final String ZONE_ID = "Z0123456789ABCDEFGHIJ";
    /** Generous: a loaded CI machine must never turn a plain answer into a timeout. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** For the tests that provoke timeouts on purpose, so that they stay quick. */
    static final Duration SHORT_ATTEMPT_TIMEOUT = Duration.ofMillis(800);

    static {
        warmUp();
    }

    final WireMockServer wireMock;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CloudCallGuard guard;
    final AwsCloudProperties settings;
    final AwsClients clients;

    AwsStub(Extension... extensions) {
        this(ResilienceProperties.defaults().budgetFraction(), extensions);
    }

    AwsStub(double budgetFraction, Extension... extensions) {
        this(budgetFraction, ATTEMPT_TIMEOUT, extensions);
    }

    AwsStub(double budgetFraction, Duration attemptTimeout, Extension... extensions) {
        wireMock = new WireMockServer(options().dynamicPort().containerThreads(64).extensions(extensions));
        wireMock.start();
        settings = new AwsCloudProperties(true, ACCOUNT, Map.of(ACCOUNT, new AwsCloudProperties.Account(null, null)),
                Map.of(REGION, new AwsCloudProperties.RegionSettings(List.of(SERVICE_ID),
                        new AwsCloudProperties.ReverseEndpointNetwork("vpc-0platform", List.of("subnet-0a", "subnet-0b"),
                                List.of("sg-0pipes"), "Z0PRIVATEZONE"))),
                ZONE_ID, attemptTimeout.multipliedBy(2), attemptTimeout, URI.create(wireMock.baseUrl()));
        // short backoff keeps the tests quick; attempts and budgets stay as in production
        guard = new CloudCallGuard(new ResilienceProperties(budgetFraction, 3, Duration.ofMillis(20), Duration.ofSeconds(2),
                null, null, null, null, null), meters);
        clients = new AwsClients(settings);
    }

    AwsEndpointServices endpointServices() {
        return new AwsEndpointServices(clients, guard, settings);
    }

    AwsDnsRecords dnsRecords() {
        return new AwsDnsRecords(clients, guard, settings);
    }

    AwsReverseEndpoints reverseEndpoints() {
        return new AwsReverseEndpoints(clients, guard, settings);
    }

    AwsPlatformPrivateDnsRecords platformPrivateDns() {
        return new AwsPlatformPrivateDnsRecords(dnsRecords(), settings);
    }

    /**
     * The first call of each SDK client in a JVM loads and initialises many classes, which on a busy
     * machine can outlast a short attempt timeout before a byte is sent; pay that once, untimed.
     */
    private static void warmUp() {
        try (AwsStub stub = new AwsStub(0.9, Duration.ofSeconds(30))) {
            stub.wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(aResponse().withStatus(500)));
            List<Runnable> calls = List.of(
                    () -> stub.endpointServices().listConnections(new dev.privatelink.cloud.EndpointServiceRef(
                            dev.privatelink.cloud.CloudProvider.AWS, null, REGION, SERVICE_ID)),
                    () -> stub.dnsRecords().isChangeApplied("C1"),
                    () -> stub.reverseEndpoints().listResourceShareInvitations(REGION),
                    () -> stub.reverseEndpoints().describeMskVpcConnection(REGION, "arn:aws:kafka:us-west-2:1:vpc-connection/x"),
                    () -> stub.reverseEndpoints().brokerDnsNames(REGION, "arn:aws:kafka:us-west-2:1:cluster/x/y", "SASL_IAM"),
                    () -> stub.reverseEndpoints().sharedResourceArns(REGION, "arn:aws:ram:us-west-2:1:resource-share/x"));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException expected) {
                    // only the class loading mattered
                }
            }
        }
    }

    // ---- EC2 Query protocol

    static MappingBuilder ec2(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    static RequestPatternBuilder ec2Requested(String action) {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    static ResponseDefinitionBuilder ec2Ok(String action, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>" + body + "</" + action + "Response>");
    }

    /** EC2's error document, e.g. RequestLimitExceeded with HTTP 503. */
    static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error></Errors>"
                        + "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>");
    }

    // ---- Route 53 REST-XML

    static ResponseDefinitionBuilder route53Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                        + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                        + "<RequestId>2f0b2b8f-1f55-4a9a-9d0e-example</RequestId></ErrorResponse>");
    }

    // ---- RAM and MSK REST-JSON

    static ResponseDefinitionBuilder jsonOk(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", code)
                .withBody("{\"message\":\"" + message + "\"}");
    }

    int count(RequestPatternBuilder pattern) {
        return wireMock.countRequestsMatching(pattern.build()).getCount();
    }

    @Override
    public void close() {
        clients.close();
        wireMock.stop();
    }
}
