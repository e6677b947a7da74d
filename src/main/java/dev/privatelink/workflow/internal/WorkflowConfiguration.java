package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.privatelink.workflow.BatchHandler;
import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.WorkflowType;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the engine onto the db-scheduler the starter builds (which wraps the DataSource in a
 * {@code TransactionAwareDataSourceProxy}, so scheduling joins the caller's transaction). Task data
 * is JSON; db-scheduler runs on the service's {@link Clock}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkflowSettings.class)
class WorkflowConfiguration {

    @Bean
    WorkflowEngine workflowEngine(ObjectProvider<WorkflowType> types, ObjectProvider<FailureOutcomes> failureOutcomes,
                                  JdbcClient jdbc, PlatformTransactionManager transactions, ObjectProvider<Scheduler> scheduler,
                                  Clock clock, MeterRegistry meters, WorkflowSettings settings) {
        WorkflowMetrics metrics = new WorkflowMetrics(meters, jdbc, clock, settings.taskName(), settings.metricsRefresh());
        // the scheduler needs the engine's task and the engine needs the scheduler, and workflow types may
        // start workflows: both are resolved when first used
        WorkflowEngine engine = new WorkflowEngine(() -> types.orderedStream().toList(), failureOutcomes.orderedStream().toList(),
                jdbc, transactions, settings.taskName(), scheduler::getObject,
                () -> scheduler.getObject().triggerCheckForDueExecutions(), clock, RandomGenerator.getDefault(), metrics);
        engine.limitEngineFailures(settings.maxEngineFailures(), Duration.ofSeconds(1));
        return engine;
    }

    /** Indexes the workflow types once every bean exists, so a type the engine refuses stops the start-up. */
    @Bean
    SmartInitializingSingleton workflowTypesCheck(WorkflowEngine engine) {
        return engine::types;
    }

    @Bean
    Task<String> workflowStepTask(WorkflowEngine engine) {
        return engine.task();
    }

    @Bean
    WorkflowBatches workflowBatches(WorkflowEngine engine, ObjectProvider<BatchHandler> handlers,
                                    ObjectProvider<FailureOutcomes> failureOutcomes, JdbcClient jdbc,
                                    PlatformTransactionManager transactions, ObjectProvider<Scheduler> scheduler, Clock clock) {
        return new WorkflowBatches(engine, () -> handlers.orderedStream().toList(), failureOutcomes.orderedStream().toList(),
                jdbc, transactions, () -> scheduler.getObject().triggerCheckForDueExecutions(), clock);
    }

    @Bean
    Task<String> workflowBatchTask(WorkflowBatches batches) {
        return batches.task();
    }

    @Bean
    WorkflowViews workflowViews(JdbcClient jdbc) {
        return new WorkflowViews(jdbc);
    }

    @Bean
    DbSchedulerCustomizer workflowSchedulerCustomizer() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new Jackson3Serializer());
            }
        };
    }

    @Bean
    com.github.kagkarlsson.scheduler.Clock schedulerClock(Clock clock) {
        return clock::instant;
    }
}
