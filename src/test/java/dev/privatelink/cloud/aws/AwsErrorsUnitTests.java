package dev.privatelink.cloud.aws;

import java.time.Duration;
import java.util.Map;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS error table, entry by entry, and the fallbacks for codes it does not know. */
class AwsErrorsUnitTests {

    static final CallSite SITE = new CallSite(CloudProvider.AWS, "111122223333", "us-west-2",
            ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointConnections");

    static AwsServiceException awsError(String code, int status) {
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message for " + code)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .statusCode(status)
                .build();
    }

    /** The expected kind of every code, written independently of the table; the table must hold exactly these. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/aws-error-codes.csv", numLinesToSkip = 1)
    void everyCodeInTheTableIsClassifiedAsSpecified(String code, CloudErrorKind expected) {
        // a status that would point the other way where possible, so only the table can give the answer
        int misleadingStatus = expected == CloudErrorKind.RETRYABLE ? 400 : 500;
        CloudException classified = AwsErrors.INSTANCE.classify(SITE, awsError(code, misleadingStatus));

        assertThat(AwsErrors.TABLE).containsEntry(code, expected);
        assertThat(classified.kind()).isEqualTo(expected);
        assertThat(classified.code()).isEqualTo(code);
        assertThat(classified.operation()).isEqualTo("DescribeVpcEndpointConnections");
    }

    @Test
    void theSpecificationCoversTheWholeTable() throws Exception {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                getClass().getResourceAsStream("/aws-error-codes.csv"))).lines()) {
            Map<String, String> specified = lines.skip(1).map(l -> l.split(","))
                    .collect(java.util.stream.Collectors.toMap(p -> p[0], p -> p[1]));
            assertThat(specified.keySet()).containsExactlyInAnyOrderElementsOf(AwsErrors.TABLE.keySet());
        }
    }

    @ParameterizedTest(name = "unknown code, HTTP {0} -> {1}")
    @CsvSource({"500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE", "429, THROTTLED", "400, TERMINAL", "403, TERMINAL", "404, TERMINAL"})
    void unknownCodesAreJudgedByStatus(int status, CloudErrorKind expected) {
        assertThat(AwsErrors.INSTANCE.classify(SITE, awsError("SomethingNew", status)).kind()).isEqualTo(expected);
    }

    @Test
    void retryAfterInSecondsIsKept() {
        AwsServiceException throttled = AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).putHeader("Retry-After", "7").build()).build())
                .statusCode(400).build();

        assertThat(AwsErrors.INSTANCE.classify(SITE, throttled).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void timeoutsAndTransportFailuresAreRetryable() {
        CloudException timeout = AwsErrors.INSTANCE.classify(SITE, ApiCallAttemptTimeoutException.create(500));
        CloudException reset = AwsErrors.INSTANCE.classify(SITE, SdkClientException.create("reset",
                new java.net.SocketException("Connection reset")));

        assertThat(timeout.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(timeout.code()).isEqualTo("Timeout");
        assertThat(reset.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(reset.code()).isEqualTo("TransportError");
    }

    @Test
    void aClientSideMistakeIsTerminal() {
        assertThat(AwsErrors.INSTANCE.classify(SITE, SdkClientException.create("Unable to load region")).kind())
                .isEqualTo(CloudErrorKind.TERMINAL);
    }

    @Test
    void anUnsuccessfulItemIsClassifiedByItsCode() {
        assertThat(AwsErrors.INSTANCE.classifyItem(SITE, "vpce-1", "InvalidVpcEndpointId.NotFound", "gone").kind())
                .isEqualTo(CloudErrorKind.NOT_FOUND);
        assertThat(AwsErrors.INSTANCE.classifyItem(SITE, "vpce-1", "SomethingNew", "?").kind())
                .isEqualTo(CloudErrorKind.TERMINAL);
    }
}
