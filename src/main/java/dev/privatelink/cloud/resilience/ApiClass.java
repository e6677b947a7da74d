package dev.privatelink.cloud.resilience;

import java.time.Duration;

import dev.privatelink.cloud.CloudProvider;

/**
 * The clouds' rate-limit buckets (per account or subscription and region). Each real cloud call
 * names the bucket it draws from; budgets are kept at or below 90 % of the published numbers
 * (see {@link #window(double)}).
 */
public enum ApiClass {
    /** EC2 CreateVpcEndpoint: burst 4, refill 0.3/s. */
    AWS_EC2_CREATE_VPC_ENDPOINT(CloudProvider.AWS, 4, 0.3),
    /** EC2 Accept/RejectVpcEndpointConnections: burst 10, refill 1/s. */
    AWS_EC2_ACCEPT_REJECT(CloudProvider.AWS, 10, 1),
    /** EC2 Describe*: burst 100, refill 20/s. */
    AWS_EC2_DESCRIBE(CloudProvider.AWS, 100, 20),
    /** Other EC2 mutating calls: burst 50, refill 5/s. */
    AWS_EC2_MUTATE(CloudProvider.AWS, 50, 5),
    /** Route 53: 50, 10/s (one change in flight per hosted zone). */
    AWS_ROUTE53(CloudProvider.AWS, 50, 10),
    /** AWS RAM (no published bucket for the calls we make; treated like EC2's other mutating calls). */
    AWS_RAM(CloudProvider.AWS, 50, 5),
    /** Amazon MSK (no published bucket for the calls we make; treated like EC2's other mutating calls). */
    AWS_MSK(CloudProvider.AWS, 50, 5),
    /** Azure Resource Manager writes per subscription: 200, 10/s. */
    AZURE_ARM_WRITE(CloudProvider.AZURE, 200, 10),
    /** Azure Resource Manager reads per subscription: 250, 25/s. */
    AZURE_ARM_READ(CloudProvider.AZURE, 250, 25);

    private final CloudProvider provider;
    private final int burst;
    private final double refillPerSecond;

    ApiClass(CloudProvider provider, int burst, double refillPerSecond) {
        this.provider = provider;
        this.burst = burst;
        this.refillPerSecond = refillPerSecond;
    }

    public CloudProvider provider() {
        return provider;
    }

    /** The cloud's published bucket size. */
    public int burst() {
        return burst;
    }

    /** The cloud's published refill rate, tokens per second. */
    public double refillPerSecond() {
        return refillPerSecond;
    }

    /**
     * Our fixed-window budget that never empties the cloud's token bucket (burst B, refill r), using
     * at most {@code fraction} of it. A window of P permits per period T allows at most
     * P·(t/T + 2) calls in any interval t (a full window at the end of one period and at the start of
     * the next), the bucket allows B + r·t; so P/T ≤ fraction·r and 2P ≤ fraction·B suffice.
     */
    public Window window(double fraction) {
        return window(fraction, burst, refillPerSecond);
    }

    /** {@link #window(double)} of a bucket of {@code burst}, refilled at {@code refillPerSecond}. */
    static Window window(double fraction, int burst, double refillPerSecond) {
        int permits = Math.max(1, (int) Math.floor(fraction * burst / 2));
        long periodNanos = (long) Math.ceil(permits * 1e9 / (fraction * refillPerSecond));
        return new Window(permits, Duration.ofNanos(periodNanos));
    }

    /** {@code permits} calls per {@code period}: a bucket of {@code permits}, refilled whole every {@code period}. */
    public record Window(int permits, Duration period) {

        public double permitsPerSecond() {
            return permits * 1e9 / period.toNanos();
        }
    }
}
