package dev.privatelink.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What syncing every commit costs the persistent embedded server: small insert transactions (about the
 * size of a registration's commits) from 8 connections for 15 s each, on a server with our durable
 * settings and on one with the library's (no fsync, asynchronous commit), on this machine's disk.
 * Prints commits per second and the commit latency's p50/p99. Run: {@code ./mvnw test -Pbenchmark
 * -Dtest=EmbeddedPostgresDurabilityBenchmark}.
 */
@Tag("benchmark")
class EmbeddedPostgresDurabilityBenchmark {

    private static final int CONNECTIONS = 8;
    private static final Duration RUN = Duration.ofSeconds(15);

    @TempDir
    Path temp;

    @Test
    void commitsPerSecondWithAndWithoutFsync() throws Exception {
        for (int round = 1; round <= 2; round++) { // twice each, interleaved: the machine's load moves
            report("fsync on  (persistent default)", EmbeddedPostgresEnvironment.durable(EmbeddedPostgres.builder())
                    .setDataDirectory(temp.resolve("durable-" + round)).setCleanDataDirectory(true));
            report("fsync off (library default)   ", EmbeddedPostgres.builder()
                    .setDataDirectory(temp.resolve("fast-" + round)).setCleanDataDirectory(true));
        }
    }

    private static void report(String label, EmbeddedPostgres.Builder builder) throws Exception {
        try (EmbeddedPostgres postgres = builder.start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("""
                        create table registration (id uuid primary key, organization_id uuid not null, endpoint_id text not null,
                                                   status text not null, created_at timestamptz not null default now())""");
            }
            long deadline = System.nanoTime() + RUN.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                workers.add(pool.submit(() -> insertUntil(postgres, deadline)));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<List<Long>> worker : workers) {
                latencies.addAll(worker.get());
            }
            pool.shutdown();
            Collections.sort(latencies);
            System.out.printf("%s: %,8.0f commits/s   p50 %6.2f ms   p99 %6.2f ms   (%d commits, %d connections, %d s)%n",
                    label, latencies.size() / (double) RUN.toSeconds(), percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6, latencies.size(), CONNECTIONS, RUN.toSeconds());
        }
    }

    private static List<Long> insertUntil(EmbeddedPostgres postgres, long deadline) throws SQLException {
        List<Long> latencies = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into registration (id, organization_id, endpoint_id, status) values (?, ?, ?, 'Provisioning')")) {
            connection.setAutoCommit(true); // one transaction, one commit per row
            UUID organization = UUID.randomUUID();
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, organization);
                insert.setString(3, "vpce-" + Long.toHexString(start));
                insert.executeUpdate();
                latencies.add(System.nanoTime() - start);
            }
        }
        return latencies;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
