package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What counting a permit in PostgreSQL adds to each cloud call: the guard around a call that does
 * nothing, with budgets in this JVM and with budgets in an embedded PostgreSQL 17 (library settings
 * and with fsync on, as the persistent default runs). Prints p50/p99 per call, interleaved rounds.
 * Run: {@code ./mvnw test -Pbenchmark -Dtest=SharedRateBudgetsBenchmark}.
 */
@Tag("benchmark")
class SharedRateBudgetsBenchmark {

    private static final int CALLS = 3_000;

    @Test
    void perCallOverheadOfTheSharedBudget() throws Exception {
        try (EmbeddedPostgres fast = EmbeddedPostgres.builder().start();
             EmbeddedPostgres durable = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                     .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on").start();
             HikariDataSource fastPool = migratedPool(fast);
             HikariDataSource durablePool = migratedPool(durable)) {
            for (int round = 1; round <= 2; round++) {
                report("in this JVM (reference)        ", new LocalRateBudgets());
                report("PostgreSQL, fsync off          ", new SharedRateBudgets(fastPool));
                report("PostgreSQL, fsync on (durable) ", new SharedRateBudgets(durablePool));
            }
        }
    }

    private static HikariDataSource migratedPool(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return pool;
    }

    private static void report(String label, RateBudgets budgets) {
        // a bucket far larger than the run: every call gets its permit, only the counting is measured
        CloudCallGuard guard = new CloudCallGuard(ResilienceProperties.defaults().withBuckets(
                Map.of(ApiClass.AWS_EC2_DESCRIBE, new ResilienceProperties.CloudBucket(1_000_000, 100_000.0))),
                budgets, new SimpleMeterRegistry());
        CallSite site = new CallSite(CloudProvider.AWS, "bench-" + UUID.randomUUID(), "us-west-2", ApiClass.AWS_EC2_DESCRIBE,
                "DescribeVpcEndpointConnections");
        List<Long> nanos = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS + 200; i++) {
            long start = System.nanoTime();
            guard.call(site, () -> "ok", (s, e) -> (CloudException) e);
            if (i >= 200) { // warm-up
                nanos.add(System.nanoTime() - start);
            }
        }
        Collections.sort(nanos);
        System.out.printf("guard.call, budget %s: p50 %7.3f ms, p99 %7.3f ms (%d calls)%n", label,
                nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 99 / 100) / 1e6, nanos.size());
    }
}
