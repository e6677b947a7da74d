package dev.privatelink.cloud.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.ErrorClassifier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import static dev.privatelink.cloud.CloudErrorKind.NOT_FOUND;
import static dev.privatelink.cloud.CloudErrorKind.RETRYABLE;
import static dev.privatelink.cloud.CloudErrorKind.TERMINAL;
import static dev.privatelink.cloud.CloudErrorKind.THROTTLED;

/**
 * AWS error codes (EC2, Route 53, RAM, MSK) and what they mean for a workflow, as a table. Codes not
 * in the table are judged by HTTP status: 429 throttled, 5xx retryable, any other 4xx terminal.
 * Transport failures and timeouts are retryable.
 */
public final class AwsErrors implements ErrorClassifier {

    /** Code → kind. Our own VPC, subnets or zone missing is a configuration error: terminal, not "not found". */
    public static final Map<String, CloudErrorKind> TABLE = Map.ofEntries(
            // EC2 (Query API: <Response><Errors><Error><Code>)
            Map.entry("InvalidVpcEndpointId.NotFound", NOT_FOUND),
            Map.entry("InvalidVpcEndpoint.NotFound", NOT_FOUND),
            Map.entry("InvalidVpcEndpointServiceId.NotFound", NOT_FOUND),
            Map.entry("InvalidVpcEndpointService.NotFound", NOT_FOUND),
            Map.entry("InvalidServiceName", TERMINAL),
            Map.entry("InvalidParameter", TERMINAL),
            Map.entry("InvalidParameterValue", TERMINAL),
            Map.entry("InvalidParameterCombination", TERMINAL),
            Map.entry("MissingParameter", TERMINAL),
            Map.entry("UnauthorizedOperation", TERMINAL),
            Map.entry("AuthFailure", TERMINAL),
            Map.entry("OptInRequired", TERMINAL),
            Map.entry("IdempotentParameterMismatch", TERMINAL),
            Map.entry("InsufficientFreeAddressesInSubnet", TERMINAL),
            Map.entry("InvalidState", TERMINAL),
            Map.entry("VpcEndpointLimitExceeded", TERMINAL),
            Map.entry("InvalidVpcId.NotFound", TERMINAL),
            Map.entry("InvalidSubnetID.NotFound", TERMINAL),
            Map.entry("InvalidGroup.NotFound", TERMINAL),
            Map.entry("RequestLimitExceeded", THROTTLED),
            Map.entry("Throttling", THROTTLED),
            Map.entry("RequestExpired", RETRYABLE),
            Map.entry("InternalError", RETRYABLE),
            Map.entry("ServiceUnavailable", RETRYABLE),
            Map.entry("Unavailable", RETRYABLE),
            // Route 53 (REST-XML)
            Map.entry("PriorRequestNotComplete", THROTTLED),
            Map.entry("ThrottlingException", THROTTLED),
            Map.entry("NoSuchHostedZone", TERMINAL),
            Map.entry("InvalidChangeBatch", TERMINAL),
            Map.entry("InvalidInput", TERMINAL),
            Map.entry("NoSuchChange", NOT_FOUND),
            Map.entry("AccessDenied", TERMINAL),
            // RAM (REST-JSON)
            Map.entry("ResourceShareInvitationArnNotFoundException", NOT_FOUND),
            Map.entry("UnknownResourceException", NOT_FOUND),
            Map.entry("ResourceShareInvitationAlreadyAcceptedException", TERMINAL),
            Map.entry("ResourceShareInvitationAlreadyRejectedException", TERMINAL),
            Map.entry("ResourceShareInvitationExpiredException", TERMINAL),
            Map.entry("MalformedArnException", TERMINAL),
            Map.entry("InvalidParameterException", TERMINAL),
            Map.entry("OperationNotPermittedException", TERMINAL),
            Map.entry("IdempotentParameterMismatchException", TERMINAL),
            Map.entry("InvalidClientTokenException", TERMINAL),
            Map.entry("InvalidNextTokenException", TERMINAL),
            Map.entry("ServerInternalException", RETRYABLE),
            Map.entry("ServiceUnavailableException", RETRYABLE),
            // MSK (REST-JSON)
            Map.entry("NotFoundException", NOT_FOUND),
            Map.entry("BadRequestException", TERMINAL),
            Map.entry("UnauthorizedException", TERMINAL),
            Map.entry("ForbiddenException", TERMINAL),
            Map.entry("ConflictException", TERMINAL),
            Map.entry("InternalServerErrorException", RETRYABLE),
            Map.entry("TooManyRequestsException", THROTTLED),
            // common to the JSON services
            Map.entry("AccessDeniedException", TERMINAL),
            Map.entry("ExpiredTokenException", TERMINAL));

    public static final AwsErrors INSTANCE = new AwsErrors();

    private AwsErrors() {
    }

    @Override
    public CloudException classify(CallSite site, Throwable error) {
        if (error instanceof CloudException classified) {
            return classified;
        }
        if (error instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            CloudErrorKind kind = kindOf(code, e.statusCode(), e.isThrottlingException());
            String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage();
            return new CloudException(site.provider(), site.operation(), code == null ? String.valueOf(e.statusCode()) : code,
                    kind, site.operation() + " failed: " + message, retryAfter(e).orElse(null), e);
        }
        if (isTransient(error)) {
            String code = isTimeout(error) ? "Timeout" : "TransportError";
            return new CloudException(site.provider(), site.operation(), code, RETRYABLE,
                    site.operation() + " did not complete: " + error.getMessage(), null, error);
        }
        return new CloudException(site.provider(), site.operation(), error.getClass().getSimpleName(), TERMINAL,
                site.operation() + " failed: " + error.getMessage(), null, error);
    }

    /** A per-item error the cloud returned in a successful response (EC2 {@code unsuccessful} items). */
    public CloudException classifyItem(CallSite site, String resourceId, String code, String message) {
        return new CloudException(site.provider(), site.operation(), code, kindOf(code, 400, false),
                site.operation() + " failed for " + resourceId + ": " + code + " " + message);
    }

    /** The kind for a code, falling back on the HTTP status for codes not in the table. */
    public static CloudErrorKind kindOf(String code, int httpStatus, boolean sdkSaysThrottling) {
        CloudErrorKind known = code == null ? null : TABLE.get(code);
        if (known != null) {
            return known;
        }
        if (sdkSaysThrottling || httpStatus == 429) {
            return THROTTLED;
        }
        return httpStatus >= 500 ? RETRYABLE : TERMINAL;
    }

    private static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
                    || t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return error instanceof SdkClientException && error.getCause() instanceof IOException;
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Duration> retryAfter(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return Optional.empty();
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                return Optional.empty(); // an HTTP date: rare for AWS, fall back on our backoff
            }
        });
    }
}
