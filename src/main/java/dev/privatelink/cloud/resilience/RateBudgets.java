package dev.privatelink.cloud.resilience;

import java.time.Duration;

/**
 * Where the rate budgets' permits are counted. A cloud's bucket is per account (or subscription) and
 * region, whatever the number of our replicas, so in the service the count lives in PostgreSQL
 * ({@link SharedRateBudgets}); {@link LocalRateBudgets} counts in this JVM only (tools and tests
 * without a database).
 */
public interface RateBudgets {

    /**
     * Takes one permit from the budget named {@code name}, created with {@code window} if it does not
     * exist yet. Never waits for a permit.
     */
    Permit take(String name, ApiClass.Window window);

    /**
     * The answer to one request for a permit.
     *
     * @param granted   whether the call may be made
     * @param remaining permits left in the budget after this request
     * @param untilNext when refused, how long until a permit is back
     */
    record Permit(boolean granted, long remaining, Duration untilNext) {
    }
}
