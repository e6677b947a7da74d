package dev.privatelink.sandbox.model;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fault injection: a share of sandbox calls fails the way the real clouds fail, with their codes, so
 * that retries, backoff and throttling are exercised without a cloud account. Rates start from
 * {@code privatelink.sandbox.faults.*} and can be changed at runtime (per replica).
 */
@Component
public class SandboxFaults {

    private final AtomicReference<Rates> rates;
    private final Duration retryAfter;
    private final RandomGenerator random;

    @Autowired
    public SandboxFaults(SandboxSettings settings) {
        this(settings, RandomGenerator.getDefault());
    }

    public SandboxFaults(SandboxSettings settings, RandomGenerator random) {
        SandboxSettings.Faults configured = settings.faults();
        this.rates = new AtomicReference<>(Rates.of(configured.throttleRate(), configured.serverErrorRate(), configured.timeoutRate()));
        this.retryAfter = configured.retryAfter();
        this.random = random;
    }

    public Rates rates() {
        return rates.get();
    }

    public void set(Rates newRates) {
        rates.set(newRates);
    }

    /** Throws the fault this call draws, if any. */
    void inject(CloudProvider provider, String operation) {
        Rates current = rates.get();
        if (current.isNone()) {
            return;
        }
        double draw = random.nextDouble();
        if (draw < current.throttleRate()) {
            throw throttled(provider, operation);
        }
        if (draw < current.throttleRate() + current.serverErrorRate()) {
            throw serverError(provider, operation);
        }
        if (draw < current.throttleRate() + current.serverErrorRate() + current.timeoutRate()) {
            throw timeout(provider, operation);
        }
    }

    private CloudException throttled(CloudProvider provider, String operation) {
        String code = provider == CloudProvider.AWS ? "RequestLimitExceeded" : "429";
        return new CloudException(provider, operation, code, CloudErrorKind.THROTTLED,
                provider == CloudProvider.AWS ? "Request limit exceeded." : "Too many requests. Please retry after "
                        + retryAfter.toSeconds() + " seconds.", retryAfter, null);
    }

    private static CloudException serverError(CloudProvider provider, String operation) {
        String code = provider == CloudProvider.AWS ? "InternalError" : "500";
        return new CloudException(provider, operation, code, CloudErrorKind.RETRYABLE,
                "An internal error has occurred (sandbox fault injection)");
    }

    private static CloudException timeout(CloudProvider provider, String operation) {
        return new CloudException(provider, operation, "Timeout", CloudErrorKind.RETRYABLE,
                "The call timed out before the cloud answered (sandbox fault injection)");
    }

    /**
     * Shares of calls that fail, each 0..1, together at most 1.
     */
    @Schema(name = "SandboxFaultRates")
    public record Rates(double throttleRate, double serverErrorRate, double timeoutRate) {

        public static final Rates NONE = new Rates(0, 0, 0);

        public Rates {
            requireShare("throttleRate", throttleRate);
            requireShare("serverErrorRate", serverErrorRate);
            requireShare("timeoutRate", timeoutRate);
            if (throttleRate + serverErrorRate + timeoutRate > 1.0 + 1e-9) {
                throw new IllegalArgumentException("throttleRate + serverErrorRate + timeoutRate must be at most 1");
            }
        }

        static Rates of(double throttleRate, double serverErrorRate, double timeoutRate) {
            return new Rates(throttleRate, serverErrorRate, timeoutRate);
        }

        boolean isNone() {
            return throttleRate == 0 && serverErrorRate == 0 && timeoutRate == 0;
        }

        private static void requireShare(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
            }
        }
    }
}
