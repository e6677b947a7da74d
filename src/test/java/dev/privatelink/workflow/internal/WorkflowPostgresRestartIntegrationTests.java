package dev.privatelink.workflow.internal;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

import com.zaxxer.hikari.HikariDataSource;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PostgreSQL restarts while workflows run: the engine carries on by itself and loses nothing. */
class WorkflowPostgresRestartIntegrationTests {

    @Test
    void workflowsRunningAcrossADatabaseRestartAllFinish() throws Exception {
        Path data = Files.createTempDirectory("workflow-restart-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (StandalonePostgres postgres = new StandalonePostgres(data, port);
             HikariDataSource pool = postgres.migratedPool(8)) {
            List<Step> steps = new ArrayList<>();
            for (String name : List.of("create", "configure", "verify")) {
                steps.add(Step.of(name, c -> {
                    sleep(Duration.ofMillis(20)); // a cloud call's worth of time, no transaction open
                    return StepOutcome.done();
                }));
            }
            WorkflowType type = new WorkflowType() {
                @Override
                public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                    return EngineInstance.NO_SUBJECT;
                }

                @Override
                public String name() {
                    return "restart";
                }

                @Override
                public List<Step> steps() {
                    return steps;
                }
            };
            int count = 300;
            try (EngineInstance engine = new EngineInstance("restart", pool, new DataSourceTransactionManager(pool),
                    "workflow-step", List.of(type), Clock.systemUTC(), RandomGenerator.getDefault(), Duration.ofMillis(500), 4)) {
                List<UUID> ids = engine.transactions.execute(s -> {
                    List<UUID> started = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        started.add(engine.engine.start("restart", UUID.randomUUID()));
                    }
                    return started;
                });
                engine.start();
                JdbcClient jdbc = JdbcClient.create(pool);
                await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(jdbc) >= 20);

                postgres.stop();
                sleep(Duration.ofSeconds(3));
                postgres.start();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions().until(() -> succeeded(jdbc) == count);
                assertThat(jdbc.sql("select count(*) from workflow_history").query(Long.class).single())
                        .as("one committed outcome per step of every workflow").isEqualTo(3L * count);
                assertThat(ids).hasSize(count);
            }
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
        }
    }

    private static long succeeded(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from workflow where status = 'SUCCEEDED'").query(Long.class).single();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
