package dev.privatelink.workflow.internal;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import com.zaxxer.hikari.HikariDataSource;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.awaitility.Awaitility.await;

/**
 * No-op 3-step workflows on an embedded PostgreSQL 17: accepted → finished latency (one at a time)
 * and workflows finished per second with 1 and 2 engine instances.
 * Run: ./mvnw -B test -Pbenchmark -Dtest=WorkflowEngineBenchmark
 */
@Tag("benchmark")
class WorkflowEngineBenchmark {

    private final Map<UUID, Long> finishedAt = new ConcurrentHashMap<>();

    private WorkflowType noOps() {
        List<Step> steps = List.of(Step.of("one", c -> StepOutcome.done()), Step.of("two", c -> StepOutcome.done()),
                Step.of("three", c -> StepOutcome.done()));
        return new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }

            @Override
            public String name() {
                return "bench";
            }

            @Override
            public List<Step> steps() {
                return steps;
            }

            @Override
            public void onSucceeded(WorkflowRef workflow) {
                // stamped after commit would be later still; inside the commit is close enough for the figure
                finishedAt.put(workflow.workflowId(), System.nanoTime());
            }
        };
    }

    @Test
    void latencyAndThroughput() throws Exception {
        Path data = Files.createTempDirectory("workflow-bench-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (StandalonePostgres postgres = new StandalonePostgres(data, port);
             HikariDataSource pool = postgres.migratedPool(20)) {
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
            JdbcClient jdbc = JdbcClient.create(pool);
            List<WorkflowType> types = List.of(noOps());
            try (EngineInstance one = new EngineInstance("bench-1", pool, transactions, "workflow-step", types,
                    Clock.systemUTC(), RandomGenerator.getDefault(), Duration.ofSeconds(4), 20).start()) {
                latency(one, 50, false);
                long[] samples = latency(one, 500, true);
                throughput("1 instance", List.of(one), jdbc, 5000);
                try (EngineInstance two = new EngineInstance("bench-2", pool, transactions, "workflow-step", types,
                        Clock.systemUTC(), RandomGenerator.getDefault(), Duration.ofSeconds(4), 20).start()) {
                    throughput("2 instances", List.of(one, two), jdbc, 5000);
                }
                System.out.printf("latency accepted->finished, 3 no-op steps: p50 %.1f ms, p99 %.1f ms (n=%d)%n",
                        percentile(samples, 50), percentile(samples, 99), samples.length);
            }
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
        }
    }

    private long[] latency(EngineInstance engine, int n, boolean print) {
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            long accepted = System.nanoTime();
            UUID id = engine.start("bench", UUID.randomUUID());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> finishedAt.containsKey(id));
            samples[i] = finishedAt.get(id) - accepted;
        }
        return samples;
    }

    private void throughput(String label, List<EngineInstance> engines, JdbcClient jdbc, int n) {
        EngineInstance starter = engines.getFirst();
        List<UUID> ids = starter.transactions.execute(s -> {
            List<UUID> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                started.add(starter.engine.start("bench", UUID.randomUUID()));
            }
            return started;
        });
        long begin = System.nanoTime();
        engines.forEach(e -> e.scheduler.triggerCheckForDueExecutions());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> ids.stream().allMatch(finishedAt::containsKey));
        long end = ids.stream().mapToLong(finishedAt::get).max().orElseThrow();
        double seconds = (end - begin) / 1e9;
        System.out.printf("throughput %s: %d workflows (3 steps each) in %.2f s = %.0f workflows/s, %.0f steps/s%n",
                label, n, seconds, n / seconds, 3 * n / seconds);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
