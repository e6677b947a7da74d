package dev.privatelink.cloud;

import java.time.Duration;
import java.util.Optional;

/**
 * A cloud call that did not succeed, classified. Adapters translate every SDK exception into this,
 * so that no SDK type leaves {@code cloud/*} and workflows decide from {@link #kind()} alone.
 */
public class CloudException extends RuntimeException {

    private final CloudProvider provider;
    private final String operation;
    private final String code;
    private final CloudErrorKind kind;
    private final Duration retryAfter;

    public CloudException(CloudProvider provider, String operation, String code, CloudErrorKind kind,
                          String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.operation = operation;
        this.code = code;
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public CloudException(CloudProvider provider, String operation, String code, CloudErrorKind kind, String message) {
        this(provider, operation, code, kind, message, null, null);
    }

    public CloudProvider provider() {
        return provider;
    }

    /** The port operation that failed, e.g. {@code acceptConnection}. */
    public String operation() {
        return operation;
    }

    /** The cloud's own error code (e.g. {@code InvalidVpcEndpointId.NotFound}, {@code 429}), or ours for local refusals. */
    public String code() {
        return code;
    }

    public CloudErrorKind kind() {
        return kind;
    }

    /** How long the cloud (Retry-After) or our rate budget asks us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isTerminal() {
        return kind == CloudErrorKind.TERMINAL;
    }
}
