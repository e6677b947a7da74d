package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.Workflows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's meters: executions by workflow type, step and outcome ({@code STALE} = claim lost, not
 * committed), step duration, workflows by status, and queue lag (age of the oldest due step not yet
 * picked). The gauges read the database at most once per refresh interval.
 */
final class WorkflowMetrics {

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String taskName;
    private final Duration refresh;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of(), 0);

    WorkflowMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock, String taskName, Duration refresh) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        this.taskName = taskName;
        this.refresh = refresh;
        for (WorkflowStatus status : WorkflowStatus.values()) {
            Gauge.builder("privatelink.workflow.workflows", this, m -> m.current().byStatus().getOrDefault(status, 0L))
                    .description("Workflows by status").tag("status", status.name()).register(registry);
        }
        Gauge.builder("privatelink.workflow.queue.lag", this, m -> m.current().lagSeconds())
                .description("Age of the oldest due workflow step not yet picked up").baseUnit("seconds")
                .register(registry);
    }

    void stepExecuted(String workflow, String step, String outcome, Duration took) {
        Counter.builder("privatelink.workflow.step.executions").description("Step executions by outcome")
                .tags("workflow", workflow, "step", step, "outcome", outcome).register(registry).increment();
        Timer.builder("privatelink.workflow.step.duration").description("Time a step's execute took")
                .tags("workflow", workflow, "step", step).register(registry).record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = clock.instant();
        if (Duration.between(last.at(), now).compareTo(refresh) < 0) {
            return last;
        }
        try {
            Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
            jdbc.sql("select status, count(*) as n from workflow group by status")
                    .query(rs -> {
                        counts.put(WorkflowStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                    });
            Instant oldest = jdbc.sql("""
                            select min(execution_time) from scheduled_tasks
                            where task_name = :task and picked = false and execution_time <= :now""")
                    .param("task", taskName).param("now", WorkflowEngine.ts(now))
                    .query(Instant.class).optional().orElse(null);
            double lag = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
            snapshot = new Snapshot(now, counts, lag);
        } catch (RuntimeException e) {
            // the database is unreachable: keep showing the last figures rather than failing the scrape
            snapshot = new Snapshot(now, last.byStatus(), last.lagSeconds());
        }
        return snapshot;
    }

    private record Snapshot(Instant at, Map<WorkflowStatus, Long> byStatus, double lagSeconds) {
    }
}
