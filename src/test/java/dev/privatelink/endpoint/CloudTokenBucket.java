package dev.privatelink.endpoint;

import java.util.concurrent.atomic.AtomicInteger;

/** A cloud's rate-limit bucket as the clouds publish it: {@code burst} tokens, refilled at {@code refillPerSecond}. */
final class CloudTokenBucket {

    private final double burst;
    private final double refillPerSecond;
    private double tokens;
    private long last = System.nanoTime();
    final AtomicInteger throttled = new AtomicInteger();

    CloudTokenBucket(double burst, double refillPerSecond) {
        this.burst = burst;
        this.refillPerSecond = refillPerSecond;
        this.tokens = burst;
    }

    /** Takes a token; {@code false} (and one more throttle counted) when the bucket is empty. */
    synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * refillPerSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        throttled.incrementAndGet();
        return false;
    }

    synchronized void refill() {
        tokens = burst;
        last = System.nanoTime();
        throttled.set(0);
    }
}
