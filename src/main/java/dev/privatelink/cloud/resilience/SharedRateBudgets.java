package dev.privatelink.cloud.resilience;

import java.time.Duration;
import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Budgets counted in PostgreSQL (table {@code cloud_rate_budget}), so that all replicas together stay
 * inside one cloud bucket instead of each spending its own share. Every permit is one short
 * transaction that locks the budget's row ({@code select … for update}), reads the Bucket4j state,
 * and writes it back.
 *
 * <p>A budget's name includes its window, so a changed setting starts a fresh bucket rather than
 * inheriting a stored one of another shape. A bucket untouched until it is full again expires
 * ({@code expires_at}); {@link #removeExpired} deletes such rows.
 */
public final class SharedRateBudgets implements RateBudgets, AutoCloseable {

    static final String TABLE = "cloud_rate_budget";

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final Runnable onClose;

    /** Budgets on {@code dataSource}, which stays the caller's to close. */
    public SharedRateBudgets(DataSource dataSource) {
        this(dataSource, () -> { });
    }

    /** Budgets on {@code dataSource}; {@link #close} runs {@code onClose} (to close a pool of their own). */
    public SharedRateBudgets(DataSource dataSource, Runnable onClose) {
        this.onClose = onClose;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
    }

    @Override
    public Permit take(String name, ApiClass.Window window) {
        String key = name + ":" + window.permits() + "/" + window.period().toMillis() + "ms";
        ConsumptionProbe probe = buckets.getProxy(key, () -> BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(window.permits()).refillIntervally(window.permits(), window.period()))
                        .build())
                .tryConsumeAndReturnRemaining(1);
        return new Permit(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    @Override
    public void close() {
        onClose.run();
    }

    /** Deletes up to {@code batchSize} buckets that are full again; returns how many. */
    public int removeExpired(int batchSize) {
        return buckets.removeExpired(batchSize);
    }
}
