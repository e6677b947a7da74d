package dev.privatelink.cloud.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.ErrorClassifier;

import static dev.privatelink.cloud.CloudErrorKind.NOT_FOUND;
import static dev.privatelink.cloud.CloudErrorKind.RETRYABLE;
import static dev.privatelink.cloud.CloudErrorKind.TERMINAL;
import static dev.privatelink.cloud.CloudErrorKind.THROTTLED;

/**
 * Azure's errors as data: the ARM error code decides first, the HTTP status second, the kind of
 * transport failure last. A 429 is always {@link CloudErrorKind#THROTTLED}; the cloud's wait hint
 * ({@code Retry-After}, {@code retry-after-ms}) travels in {@link CloudException#retryAfter()}.
 */
final class AzureErrors implements ErrorClassifier {

    /** ARM error codes (case-insensitive, as ARM compares them). */
    static final Map<String, CloudErrorKind> BY_CODE = byCode(Map.ofEntries(
            // the addressed object is gone or not there yet
            Map.entry("ResourceNotFound", NOT_FOUND),
            Map.entry("ParentResourceNotFound", NOT_FOUND),
            Map.entry("NotFound", NOT_FOUND),
            // a PUT on a connection name the service does not have: the endpoint went away meanwhile
            Map.entry("PrivateEndpointConnectionCannotBeCreatedByServiceProvider", NOT_FOUND),
            // configuration, not a missing object: waiting will not make them appear
            Map.entry("ResourceGroupNotFound", TERMINAL),
            Map.entry("SubscriptionNotFound", TERMINAL),
            Map.entry("InvalidSubscriptionId", TERMINAL),
            // identity and permissions
            Map.entry("AuthorizationFailed", TERMINAL),
            Map.entry("LinkedAuthorizationFailed", TERMINAL),
            Map.entry("InvalidAuthenticationToken", TERMINAL),
            Map.entry("InvalidAuthenticationTokenTenant", TERMINAL),
            Map.entry("AuthenticationFailed", TERMINAL),
            Map.entry("RequestDisallowedByPolicy", TERMINAL),
            // the token expired between acquisition and use: the next attempt fetches a fresh one
            Map.entry("ExpiredAuthenticationToken", RETRYABLE),
            // malformed or refused requests
            Map.entry("BadRequest", TERMINAL),
            Map.entry("InvalidRequestFormat", TERMINAL),
            Map.entry("InvalidParameter", TERMINAL),
            Map.entry("InvalidResourceName", TERMINAL),
            Map.entry("InvalidRequestContent", TERMINAL),
            Map.entry("LinkedInvalidPropertyId", TERMINAL),
            Map.entry("OperationNotAllowed", TERMINAL),
            Map.entry("PreconditionFailed", TERMINAL),
            // the connection is in a state that cannot change (Azure never approves a Rejected one:
            // that arrives as BadRequest "Approving rejected private endpoint connections is not supported")
            Map.entry("PrivateEndpointConnectionCannotBeUpdated", TERMINAL),
            // another write on the same resource is running: retry once it finished
            Map.entry("Conflict", RETRYABLE),
            Map.entry("AnotherOperationInProgress", RETRYABLE),
            Map.entry("ReferencedResourceNotProvisioned", RETRYABLE),
            Map.entry("RetryableError", RETRYABLE),
            Map.entry("InternalServerError", RETRYABLE),
            Map.entry("ServiceUnavailable", RETRYABLE),
            Map.entry("GatewayTimeout", RETRYABLE),
            // rate limits (ARM per subscription, and the resource provider's own)
            Map.entry("TooManyRequests", THROTTLED),
            Map.entry("SubscriptionRequestsThrottled", THROTTLED),
            Map.entry("TenantRequestsThrottled", THROTTLED)));

    /** HTTP statuses, for codes not in {@link #BY_CODE} or bodies without an ARM error. */
    static final Map<Integer, CloudErrorKind> BY_STATUS = Map.ofEntries(
            Map.entry(400, TERMINAL),
            Map.entry(401, TERMINAL),
            Map.entry(403, TERMINAL),
            Map.entry(404, NOT_FOUND),
            Map.entry(408, RETRYABLE),
            Map.entry(409, RETRYABLE),
            Map.entry(412, TERMINAL),
            Map.entry(429, THROTTLED),
            Map.entry(500, RETRYABLE),
            Map.entry(502, RETRYABLE),
            Map.entry(503, RETRYABLE),
            Map.entry(504, RETRYABLE));

    private final Clock clock;

    AzureErrors(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CloudException classify(CallSite site, Throwable error) {
        if (error instanceof CloudException classified) {
            return classified;
        }
        if (error instanceof HttpResponseException http && http.getResponse() != null) {
            return fromResponse(site, http);
        }
        if (error instanceof ClientAuthenticationException || error instanceof CredentialUnavailableException) {
            return failure(site, "CredentialUnavailable", TERMINAL, error.getMessage(), null, error);
        }
        if (causedBy(error, TimeoutException.class) || causedBy(error, SocketTimeoutException.class)
                || causedBy(error, io.netty.handler.timeout.TimeoutException.class)) {
            return failure(site, "Timeout", RETRYABLE, "no response in time: " + error.getMessage(), null, error);
        }
        if (causedBy(error, IOException.class) || causedBy(error, UncheckedIOException.class)) {
            return failure(site, "ConnectionFailed", RETRYABLE, error.getMessage(), null, error);
        }
        // not the cloud's answer: a fault in our own code or the SDK's, which a retry will not fix
        return failure(site, error.getClass().getSimpleName(), TERMINAL, error.getMessage(), null, error);
    }

    private CloudException fromResponse(CallSite site, HttpResponseException http) {
        HttpResponse response = http.getResponse();
        int status = response.getStatusCode();
        String armCode = http instanceof ManagementException arm && arm.getValue() != null ? arm.getValue().getCode() : null;
        String armMessage = http instanceof ManagementException arm && arm.getValue() != null
                ? arm.getValue().getMessage() : http.getMessage();
        CloudErrorKind kind = status == 429 ? THROTTLED : kindOf(armCode, status);
        String code = armCode != null ? armCode : String.valueOf(status);
        return failure(site, code, kind, status + " " + code + ": " + armMessage, retryAfter(response.getHeaders()), http);
    }

    static CloudErrorKind kindOf(String armCode, int status) {
        CloudErrorKind byCode = armCode == null ? null : BY_CODE.get(armCode);
        if (byCode != null) {
            return byCode;
        }
        CloudErrorKind byStatus = BY_STATUS.get(status);
        if (byStatus != null) {
            return byStatus;
        }
        return status >= 500 ? RETRYABLE : TERMINAL;
    }

    /** The cloud's wait hint: {@code retry-after-ms}, {@code x-ms-retry-after-ms}, or {@code Retry-After} (seconds or a date). */
    private Duration retryAfter(HttpHeaders headers) {
        for (String millisHeader : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            String millis = headers.getValue(millisHeader);
            if (millis != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(millis.trim()));
                } catch (NumberFormatException ignored) {
                    // fall through to Retry-After
                }
            }
        }
        String value = headers.getValue("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static CloudException failure(CallSite site, String code, CloudErrorKind kind, String detail,
                                          Duration retryAfter, Throwable cause) {
        String message = "Azure " + site.operation() + " in " + site.region() + " failed: " + detail;
        return new CloudException(CloudProvider.AZURE, site.operation(), code, kind, message, retryAfter, cause);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, CloudErrorKind> byCode(Map<String, CloudErrorKind> entries) {
        TreeMap<String, CloudErrorKind> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(entries);
        return java.util.Collections.unmodifiableMap(map);
    }
}
