package dev.privatelink.sandbox.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox cloud ({@code privatelink.sandbox.*}). Every default keeps development
 * and test flows instant and fault-free.
 *
 * @param awsAccount        the platform's AWS account id in the sandbox (owner of its endpoint services)
 * @param azureSubscription the platform's Azure subscription id in the sandbox
 * @param latency           how long each time-dependent transition takes
 * @param faults            fault rates at start-up (changeable at runtime through {@code PUT /v1/sandbox/faults})
 */
@ConfigurationProperties("privatelink.sandbox")
public record SandboxSettings(String awsAccount, String azureSubscription, Latency latency, Faults faults) {

    public SandboxSettings {
        awsAccount = awsAccount == null || awsAccount.isBlank() ? "999999999999" : awsAccount;
        azureSubscription = azureSubscription == null || azureSubscription.isBlank()
                ? "5a4db0c5-0000-4000-8000-000000000001" : azureSubscription;
        latency = latency == null ? new Latency(null, null, null, null, null) : latency;
        faults = faults == null ? new Faults(0, 0, 0, null) : faults;
    }

    /** Defaults everywhere: no latency, no faults. */
    public static SandboxSettings defaults() {
        return new SandboxSettings(null, null, null, null);
    }

    public SandboxSettings withLatency(Latency newLatency) {
        return new SandboxSettings(awsAccount, azureSubscription, newLatency, faults);
    }

    /**
     * @param serviceCreate   a new endpoint service is {@code Pending} this long, then {@code Available}
     * @param accept          an accepted AWS connection is {@code pending} this long, then {@code available}
     * @param delete          a deleted AWS endpoint is {@code deleting} this long, then {@code deleted}
     * @param dnsVerification a started private DNS verification is {@code pendingVerification} this long
     * @param dnsChange       a DNS change is {@code PENDING} this long, then {@code INSYNC}
     */
    public record Latency(Duration serviceCreate, Duration accept, Duration delete, Duration dnsVerification,
                          Duration dnsChange) {
        public Latency {
            serviceCreate = orZero(serviceCreate);
            accept = orZero(accept);
            delete = orZero(delete);
            dnsVerification = orZero(dnsVerification);
            dnsChange = orZero(dnsChange);
        }

        private static Duration orZero(Duration d) {
            return d == null || d.isNegative() ? Duration.ZERO : d;
        }
    }

    /**
     * @param throttleRate    share of calls answered with the cloud's rate-limit error (0..1)
     * @param serverErrorRate share of calls answered with a 5xx (0..1)
     * @param timeoutRate     share of calls that time out (0..1)
     * @param retryAfter      the retry-after hint of an injected throttle, 1 s unless set
     */
    public record Faults(double throttleRate, double serverErrorRate, double timeoutRate, Duration retryAfter) {
        public Faults {
            retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        }
    }
}
