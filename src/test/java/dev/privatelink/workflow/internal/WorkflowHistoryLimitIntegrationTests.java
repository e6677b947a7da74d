package dev.privatelink.workflow.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.MutableClock;
import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.WorkflowView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** A workflow with more step executions than a view carries shows the latest ones, oldest first. */
@IntegrationTest
class WorkflowHistoryLimitIntegrationTests {

    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aViewCarriesTheLatestStepExecutionsOnly() {
        int executions = WorkflowViews.HISTORY_LIMIT + 15;
        MutableClock clock = new MutableClock(Instant.parse("2031-06-01T00:00:00Z"));
        Step flaky = Step.of("flaky", c -> StepOutcome.retry("InternalError", "attempt " + c.attempt()))
                .retrying(new RetryPolicy(Duration.ofMillis(1), 1.0, Duration.ofMillis(1), executions + 10))
                .within(Duration.ofDays(1));
        WorkflowType type = new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }

            @Override
            public String name() {
                return "history-limit";
            }

            @Override
            public List<Step> steps() {
                return List.of(flaky);
            }
        };
        try (EngineInstance engine = new EngineInstance("manual", dataSource, transactions, EngineInstance.uniqueTaskName(),
                List.of(type), clock, java.util.random.RandomGenerator.of("L64X128MixRandom"), Duration.ofSeconds(5), 1)) {
            UUID id = engine.start("history-limit", UUID.randomUUID());
            for (int i = 0; i < executions; i++) {
                engine.runLive(id);
                clock.advance(Duration.ofSeconds(1));
            }

            List<WorkflowView.HistoryEntry> history = engine.view(id).history();

            assertThat(engine.jdbc.sql("select count(*) from workflow_history where workflow_id = :id").param("id", id)
                    .query(Integer.class).single()).isEqualTo(executions);
            assertThat(history).hasSize(WorkflowViews.HISTORY_LIMIT);
            assertThat(history).extracting(WorkflowView.HistoryEntry::attempt)
                    .startsWith(executions - WorkflowViews.HISTORY_LIMIT + 1).endsWith(executions).isSorted();
        }
    }
}
