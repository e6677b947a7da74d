package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import dev.privatelink.cloud.CloudFailureOutcomes;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.WorkflowView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One engine with its own db-scheduler, as a replica would have, built by hand on a shared
 * DataSource. Instances built with the same task name compete for the same executions; the
 * application's own scheduler ignores them (it does not know the task name).
 */
final class EngineInstance implements AutoCloseable {

    /** The operator outcomes of test types whose subject is no row: nothing to settle, always retriable. */
    static final OperatorOutcomes NO_SUBJECT = OperatorOutcomes.of(w -> { }, w -> true);

    final WorkflowEngine engine;
    final Scheduler scheduler;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TransactionTemplate transactions;
    final JdbcClient jdbc;
    private boolean started;

    EngineInstance(String name, DataSource dataSource, PlatformTransactionManager transactionManager, String taskName,
                   List<WorkflowType> types, Clock clock, RandomGenerator random, Duration heartbeat, int threads) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        AtomicReference<Scheduler> self = new AtomicReference<>();
        WorkflowMetrics metrics = new WorkflowMetrics(meters, jdbc, clock, taskName, Duration.ofSeconds(1));
        this.engine = new WorkflowEngine(() -> types, List.of(new CloudFailureOutcomes()), jdbc, transactionManager, taskName, self::get,
                () -> self.get().triggerCheckForDueExecutions(), clock, random, metrics);
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), engine.task())
                .schedulerName(new SchedulerName.Fixed(name))
                .serializer(new Jackson3Serializer())
                .clock(clock::instant)
                .threads(threads)
                .pollUsingLockAndFetch(0.5, 1.0)
                .pollingInterval(Duration.ofMillis(100))
                .enableImmediateExecution()
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(Duration.ofMillis(200))
                .build();
        self.set(scheduler);
    }

    static String uniqueTaskName() {
        return "workflow-test-" + UUID.randomUUID();
    }

    EngineInstance start() {
        scheduler.start();
        started = true;
        return this;
    }

    UUID start(String type, UUID subjectId) {
        return transactions.execute(s -> engine.start(type, subjectId));
    }

    /** Runs the workflow's live execution in this thread, as db-scheduler would. */
    void runLive(UUID workflowId) {
        long seq = jdbc.sql("select schedule_seq from workflow where id = :id").param("id", workflowId).query(Long.class).single();
        engine.run(workflowId + "/" + seq);
    }

    WorkflowView view(UUID workflowId) {
        return new WorkflowViews(jdbc).find(workflowId).orElseThrow();
    }

    double executions(String outcome) {
        return meters.find("privatelink.workflow.step.executions").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        if (started) {
            scheduler.stop();
        }
    }
}
