package dev.privatelink.sandbox.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox cloud ({@code privatelink.sandbox.*}). Every default keeps development
 * and test flows instant and fault-free.
 *
 * @param awsAccount        the platform's AWS account id in the sandbox: owner of its endpoint services and
 *                          of its reverse endpoints, the principal customers allow (by default the
 *                          platform account of {@code privatelink.reverse-endpoints.account-id})
 * @param azureSubscription the platform's Azure subscription id in the sandbox
 * @param latency           how long each time-dependent transition takes
 * @param faults            fault rates at start-up (changeable at runtime through {@code PUT /v1/sandbox/faults})
 * @param subnetCapacity    how many reverse endpoints the platform's subnets have room for, per region
 */
@ConfigurationProperties("privatelink.sandbox")
public record SandboxSettings(String awsAccount, String azureSubscription, Latency latency, Faults faults,
                              SubnetCapacity subnetCapacity) {

    /** The seed's ClickPipes account: what customers allow unless configured otherwise. */
    public static final String DEFAULT_AWS_ACCOUNT = "072088201116";

    public SandboxSettings {
        awsAccount = awsAccount == null || awsAccount.isBlank() ? DEFAULT_AWS_ACCOUNT : awsAccount;
        azureSubscription = azureSubscription == null || azureSubscription.isBlank()
                ? "5a4db0c5-0000-4000-8000-000000000001" : azureSubscription;
        latency = latency == null ? new Latency(null, null, null, null, null, null) : latency;
        faults = faults == null ? new Faults(0, 0, 0, null) : faults;
        subnetCapacity = subnetCapacity == null ? new SubnetCapacity(null, null) : subnetCapacity;
    }

    /** Defaults everywhere: no latency, no faults. */
    public static SandboxSettings defaults() {
        return new SandboxSettings(null, null, null, null, null);
    }

    public SandboxSettings withLatency(Latency newLatency) {
        return new SandboxSettings(awsAccount, azureSubscription, newLatency, faults, subnetCapacity);
    }

    public SandboxSettings withSubnetCapacity(SubnetCapacity newCapacity) {
        return new SandboxSettings(awsAccount, azureSubscription, latency, faults, newCapacity);
    }

    /**
     * @param serviceCreate   a new endpoint service is {@code Pending} this long, then {@code Available}
     * @param accept          an accepted AWS connection is {@code pending} this long, then {@code available}
     * @param delete          a deleted AWS endpoint is {@code deleting} this long, then {@code deleted}
     * @param dnsVerification a started private DNS verification is {@code pendingVerification} this long
     * @param dnsChange       a DNS change is {@code PENDING} this long, then {@code INSYNC}
     * @param reverseEndpoint a reverse endpoint the platform created (or one the customer accepted) is
     *                        {@code pending} this long, then {@code available}; the same for an MSK
     *                        connection ({@code CREATING} → {@code AVAILABLE})
     */
    public record Latency(Duration serviceCreate, Duration accept, Duration delete, Duration dnsVerification,
                          Duration dnsChange, Duration reverseEndpoint) {
        public Latency {
            serviceCreate = orZero(serviceCreate);
            accept = orZero(accept);
            delete = orZero(delete);
            dnsVerification = orZero(dnsVerification);
            dnsChange = orZero(dnsChange);
            reverseEndpoint = orZero(reverseEndpoint);
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

    /**
     * Room for reverse endpoints in the platform's subnets: each endpoint (or MSK connection) takes a
     * /28 block in every subnet of the platform's VPC in its region; when none is left, creating one
     * fails as EC2 fails ({@code InsufficientFreeAddressesInSubnet}).
     *
     * @param freeBlocks the free /28 blocks of a region's subnets, unless the region is listed (default 4096)
     * @param regions    region → its free /28 blocks, e.g. {@code eu-west-1: 0} to produce exhaustion
     */
    public record SubnetCapacity(Integer freeBlocks, java.util.Map<String, Integer> regions) {
        public SubnetCapacity {
            freeBlocks = freeBlocks == null ? 4096 : Math.max(0, freeBlocks);
            regions = regions == null ? java.util.Map.of() : java.util.Map.copyOf(regions);
        }

        /** The /28 blocks each subnet of the region has for reverse endpoints. */
        public int blocksIn(String region) {
            return Math.max(0, regions.getOrDefault(region, freeBlocks));
        }
    }
}
