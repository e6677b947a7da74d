package dev.privatelink.cloud.azure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.privatelink.cloud.CloudErrorKind.NOT_FOUND;
import static dev.privatelink.cloud.CloudErrorKind.RETRYABLE;
import static dev.privatelink.cloud.CloudErrorKind.TERMINAL;
import static dev.privatelink.cloud.CloudErrorKind.THROTTLED;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_ID;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_PATH;
import static dev.privatelink.cloud.azure.AzureArmStub.REGION;
import static dev.privatelink.cloud.azure.AzureArmStub.SUBSCRIPTION;
import static dev.privatelink.cloud.azure.AzureArmStub.armError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every entry of Azure's error table, answered by the stubbed Resource Manager and read back through
 * the real SDK: the code and HTTP status Azure sends, and the kind the workflows get.
 */
class AzureErrorsIntegrationTests {

    static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

    /** What Azure answers (code, status) and what the workflows must see. Written out, not derived from the table. */
    static final List<Arguments> ARM_ERRORS = List.of(
            Arguments.of("ResourceNotFound", 404, NOT_FOUND),
            Arguments.of("ParentResourceNotFound", 404, NOT_FOUND),
            Arguments.of("NotFound", 404, NOT_FOUND),
            Arguments.of("PrivateEndpointConnectionCannotBeCreatedByServiceProvider", 400, NOT_FOUND),
            Arguments.of("ResourceGroupNotFound", 404, TERMINAL),
            Arguments.of("SubscriptionNotFound", 404, TERMINAL),
            Arguments.of("InvalidSubscriptionId", 400, TERMINAL),
            Arguments.of("AuthorizationFailed", 403, TERMINAL),
            Arguments.of("LinkedAuthorizationFailed", 403, TERMINAL),
            Arguments.of("InvalidAuthenticationToken", 401, TERMINAL),
            Arguments.of("InvalidAuthenticationTokenTenant", 401, TERMINAL),
            Arguments.of("AuthenticationFailed", 401, TERMINAL),
            Arguments.of("RequestDisallowedByPolicy", 403, TERMINAL),
            Arguments.of("ExpiredAuthenticationToken", 401, RETRYABLE),
            Arguments.of("BadRequest", 400, TERMINAL),
            Arguments.of("InvalidRequestFormat", 400, TERMINAL),
            Arguments.of("InvalidParameter", 400, TERMINAL),
            Arguments.of("InvalidResourceName", 400, TERMINAL),
            Arguments.of("InvalidRequestContent", 400, TERMINAL),
            Arguments.of("LinkedInvalidPropertyId", 400, TERMINAL),
            Arguments.of("OperationNotAllowed", 409, TERMINAL),
            Arguments.of("PreconditionFailed", 412, TERMINAL),
            Arguments.of("PrivateEndpointConnectionCannotBeUpdated", 400, TERMINAL),
            Arguments.of("Conflict", 409, RETRYABLE),
            Arguments.of("AnotherOperationInProgress", 409, RETRYABLE),
            Arguments.of("ReferencedResourceNotProvisioned", 409, RETRYABLE),
            Arguments.of("RetryableError", 500, RETRYABLE),
            Arguments.of("InternalServerError", 500, RETRYABLE),
            Arguments.of("ServiceUnavailable", 503, RETRYABLE),
            Arguments.of("GatewayTimeout", 504, RETRYABLE),
            Arguments.of("TooManyRequests", 429, THROTTLED),
            Arguments.of("SubscriptionRequestsThrottled", 429, THROTTLED),
            Arguments.of("TenantRequestsThrottled", 429, THROTTLED),
            // codes not in the table fall back to the status
            Arguments.of("SomethingNewFromTheResourceProvider", 400, TERMINAL),
            Arguments.of("SomethingNewFromTheResourceProvider", 502, RETRYABLE),
            Arguments.of("SomethingNewFromTheResourceProvider", 404, NOT_FOUND),
            // a 429 is throttling whatever code the resource provider put on it
            Arguments.of("ResourceProviderRequestsThrottled", 429, THROTTLED));

    /** Statuses without an ARM error body (gateways answering HTML or nothing). */
    static final List<Arguments> BARE_STATUSES = List.of(
            Arguments.of(400, TERMINAL),
            Arguments.of(401, TERMINAL),
            Arguments.of(403, TERMINAL),
            Arguments.of(404, NOT_FOUND),
            Arguments.of(408, RETRYABLE),
            Arguments.of(409, RETRYABLE),
            Arguments.of(412, TERMINAL),
            Arguments.of(429, THROTTLED),
            Arguments.of(500, RETRYABLE),
            Arguments.of(502, RETRYABLE),
            Arguments.of(503, RETRYABLE),
            Arguments.of(504, RETRYABLE),
            Arguments.of(507, RETRYABLE),
            Arguments.of(418, TERMINAL));

    static AzureArmStub arm;
    static AzurePrivateLinkServices services;

    final EndpointServiceRef ref = new EndpointServiceRef(CloudProvider.AZURE, SUBSCRIPTION, REGION, PLS_ID);

    @BeforeAll
    static void startArm() {
        arm = new AzureArmStub();
        AzureCloudProperties properties = arm.properties(Duration.ofSeconds(5));
        services = new AzurePrivateLinkServices(properties, arm.subscriptions(properties), new RecordingGuard(),
                new AzureErrors(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterAll
    static void stopArm() {
        arm.close();
    }

    @BeforeEach
    void resetArm() {
        arm.reset();
    }

    static Stream<Arguments> armErrors() {
        return ARM_ERRORS.stream();
    }

    static Stream<Arguments> bareStatuses() {
        return BARE_STATUSES.stream();
    }

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @MethodSource("armErrors")
    void armErrorCodesAreClassifiedByTheTable(String code, int status, CloudErrorKind expected) {
        CloudException error = answer(armError(status, code, "what Azure says about " + code));

        assertThat(error.kind()).isEqualTo(expected);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.provider()).isEqualTo(CloudProvider.AZURE);
        assertThat(error.operation()).isEqualTo("PrivateLinkServices_Get");
        assertThat(error.getMessage()).contains(String.valueOf(status)).contains("what Azure says about " + code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("bareStatuses")
    void statusesWithoutAnArmBodyAreClassifiedByStatus(int status, CloudErrorKind expected) {
        CloudException error = answer(aResponse().withStatus(status).withHeader("Content-Type", "text/html")
                .withBody("<html><body>upstream said " + status + "</body></html>"));

        assertThat(error.kind()).isEqualTo(expected);
        assertThat(error.code()).isEqualTo(String.valueOf(status));
    }

    @Test
    void everyCodeAndStatusInTheTableIsCoveredHere() {
        Set<String> testedCodes = ARM_ERRORS.stream().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<Integer> testedStatuses = BARE_STATUSES.stream().map(a -> (Integer) a.get()[0]).collect(Collectors.toSet());

        assertThat(testedCodes).containsAll(AzureErrors.BY_CODE.keySet());
        assertThat(testedStatuses).containsAll(AzureErrors.BY_STATUS.keySet());
    }

    @Test
    void codesAreComparedWithoutCase() {
        assertThat(answer(armError(404, "resourcenotfound", "gone")).kind()).isEqualTo(NOT_FOUND);
    }

    @Test
    void retryAfterInSecondsIsTheHint() {
        CloudException error = answer(armError(429, "TooManyRequests", "slow down").withHeader("Retry-After", "42"));

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(42));
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredFromTheClock() {
        String in90Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));

        CloudException error = answer(armError(429, "TooManyRequests", "slow down").withHeader("Retry-After", in90Seconds));

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterInMillisecondsWinsOverSeconds() {
        CloudException error = answer(armError(429, "TooManyRequests", "slow down")
                .withHeader("Retry-After", "2").withHeader("x-ms-retry-after-ms", "1500"));

        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aServerErrorWithRetryAfterCarriesTheHintToo() {
        CloudException error = answer(armError(503, "ServiceUnavailable", "busy").withHeader("Retry-After", "5"));

        assertThat(error.kind()).isEqualTo(RETRYABLE);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(5));
    }

    @Test
    void throttlingWithoutAHintHasNone() {
        assertThat(answer(armError(429, "TooManyRequests", "slow down")).retryAfter()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AzureCloudProperties nowhere = new AzureCloudProperties(true, null, SUBSCRIPTION, Map.of(), null,
                URI.create("https://localhost:" + closedPort), Duration.ofSeconds(2), Duration.ofSeconds(2));
        AzurePrivateLinkServices unreachable = new AzurePrivateLinkServices(nowhere, arm.subscriptions(nowhere),
                new RecordingGuard(), new AzureErrors(Clock.systemUTC()));

        CloudException error = catchThrowableOfType(CloudException.class, () -> unreachable.describeEndpointService(ref));

        assertThat(error.kind()).isEqualTo(RETRYABLE);
        assertThat(error.code()).isEqualTo("ConnectionFailed");
    }

    @Test
    void noUsableCredentialIsTerminalAndNothingReachesArm() {
        AzureCloudProperties properties = arm.properties(Duration.ofSeconds(5));
        TokenCredential noIdentity = request -> Mono.error(new CredentialUnavailableException(
                "DefaultAzureCredential failed to retrieve a token from the included credentials."));
        AzurePrivateLinkServices anonymous = new AzurePrivateLinkServices(properties,
                new AzureSubscriptions(properties, noIdentity, AzureArmStub.trustingHttpClient(Duration.ofSeconds(5))),
                new RecordingGuard(), new AzureErrors(Clock.systemUTC()));

        CloudException error = catchThrowableOfType(CloudException.class, () -> anonymous.describeEndpointService(ref));

        assertThat(error.kind()).isEqualTo(TERMINAL);
        assertThat(error.code()).isEqualTo("CredentialUnavailable");
        assertThat(arm.requests()).isEmpty();
    }

    @Test
    void aFaultInOurOwnCodeIsTerminalNotRetriedForever() {
        CallSite site = new CallSite(CloudProvider.AZURE, SUBSCRIPTION, REGION, ApiClass.AZURE_ARM_READ, "PrivateLinkServices_Get");

        CloudException error = new AzureErrors(Clock.systemUTC()).classify(site, new NullPointerException("bug"));

        assertThat(error.kind()).isEqualTo(TERMINAL);
    }

    private CloudException answer(ResponseDefinitionBuilder response) {
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(response));
        CloudException error = catchThrowableOfType(CloudException.class, () -> services.describeEndpointService(ref));
        assertThat(error).as("the adapter must fail with a classified CloudException").isNotNull();
        return error;
    }
}
