package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.MutableClock;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.RetryResult;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.WorkflowView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's failure paths on the real (embedded) PostgreSQL, with engine instances built by hand:
 * a deploy that reorders or drops steps under in-flight workflows, a commit that always throws, waits
 * that would flood the history, and the operator's cancel and retry.
 */
@IntegrationTest
class WorkflowEngineFailurePathsIntegrationTests {

    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;

    private final Map<UUID, String> ended = new ConcurrentHashMap<>();

    private EngineInstance instance(String taskName, Clock clock, WorkflowType... types) {
        return new EngineInstance("failure-paths", dataSource, transactions, taskName, List.of(types), clock,
                RandomGenerator.of("L64X128MixRandom"), Duration.ofSeconds(5), 1);
    }

    /** A type recording how its workflows end, with the given operator outcomes. */
    private WorkflowType type(String name, List<Step> steps, OperatorOutcomes operatorOutcomes) {
        return new WorkflowType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Step> steps() {
                return steps;
            }

            @Override
            public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
                ended.put(workflow.workflowId(), "FAILED:" + reasonCode);
            }

            @Override
            public OperatorOutcomes operatorOutcomes() {
                return operatorOutcomes;
            }
        };
    }

    private WorkflowType type(String name, Step... steps) {
        return type(name, List.of(steps), EngineInstance.NO_SUBJECT);
    }

    private static Optional<Boolean> cancel(EngineInstance engine, UUID id) {
        return engine.transactions.execute(s -> engine.engine.cancel(id));
    }

    private static Optional<RetryResult> retry(EngineInstance engine, UUID id) {
        return engine.transactions.execute(s -> engine.engine.retry(id));
    }

    private static List<UUID> supersede(EngineInstance engine, UUID subject) {
        return engine.transactions.execute(s -> engine.engine.cancelFor(null, subject));
    }

    private static Step recording(String name, List<String> ran) {
        return Step.of(name, c -> {
            ran.add(name);
            return StepOutcome.done();
        });
    }

    @Test
    void anInFlightWorkflowResumesAtItsStoredStepByNameAfterADeployReordersTheSteps() {
        String task = EngineInstance.uniqueTaskName();
        List<String> ran = new CopyOnWriteArrayList<>();
        Step one = recording("one", ran);
        Step two = recording("two", ran);
        Step three = recording("three", ran);
        UUID id;
        try (EngineInstance before = instance(task, Clock.systemUTC(), type("reordered", one, two, three))) {
            id = before.start("reordered", UUID.randomUUID());
            before.runLive(id);
            assertThat(before.view(id).currentStep()).isEqualTo("two");
        }
        // the new deploy runs "three" before "two": at index 1, where the workflow stood, is now "three"
        try (EngineInstance after = instance(task, Clock.systemUTC(), type("reordered", one, three, two))) {
            after.runLive(id);
            assertThat(ran).containsExactly("one", "two");
            after.runLive(id);
            assertThat(after.view(id).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
            assertThat(ran).containsExactly("one", "two");
            assertThat(after.view(id).history()).extracting(WorkflowView.HistoryEntry::step).containsExactly("one", "two");
        }
    }

    @Test
    void aWorkflowWhoseStoredStepNoLongerExistsFailsWithStepUnknownThroughItsType() {
        String task = EngineInstance.uniqueTaskName();
        List<String> ran = new CopyOnWriteArrayList<>();
        UUID id;
        try (EngineInstance before = instance(task, Clock.systemUTC(),
                type("dropped", recording("one", ran), recording("legacy", ran), recording("last", ran)))) {
            id = before.start("dropped", UUID.randomUUID());
            before.runLive(id);
        }
        try (EngineInstance after = instance(task, Clock.systemUTC(), type("dropped", recording("one", ran), recording("last", ran)))) {
            after.runLive(id);

            WorkflowView failed = after.view(id);
            assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
            assertThat(failed.lastError().code()).isEqualTo("STEP_UNKNOWN");
            assertThat(failed.lastError().message()).contains("legacy");
            assertThat(ended).containsEntry(id, "FAILED:STEP_UNKNOWN");
            assertThat(ran).containsExactly("one");
            after.runLive(id); // nothing left to run
            assertThat(after.view(id).status()).isEqualTo(WorkflowStatus.FAILED);
        }
    }

    @Test
    void aStepWhoseCommitAlwaysThrowsEndsFailedAfterTheCapHavingRunExactlyCapTimes() {
        AtomicInteger bodyRuns = new AtomicInteger();
        Step broken = Step.of("broken", c -> {
            bodyRuns.incrementAndGet();
            return StepOutcome.done().then(() -> {
                throw new IllegalStateException("the domain change cannot commit");
            });
        });
        try (EngineInstance engine = instance(EngineInstance.uniqueTaskName(), Clock.systemUTC(), type("commit-throws", broken))) {
            engine.engine.limitEngineFailures(4, Duration.ofMillis(20));
            engine.start();
            UUID id = engine.start("commit-throws", UUID.randomUUID());

            await().atMost(Duration.ofSeconds(30)).until(() -> engine.view(id).status() == WorkflowStatus.FAILED);
            WorkflowView failed = engine.view(id);
            assertThat(failed.lastError().code()).isEqualTo("COMMIT_FAILED");
            assertThat(failed.lastError().message()).contains("4 times").contains("the domain change cannot commit");
            assertThat(ended).containsEntry(id, "FAILED:COMMIT_FAILED");
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> bodyRuns.get() == 4);
            assertThat(engine.jdbc.sql("select count(*) from scheduled_tasks where task_instance like :prefix")
                    .param("prefix", id + "/%").query(Integer.class).single()).isZero();
        }
    }

    @Test
    void whenOnFailedThrowsTooTheWorkflowStillEndsFailed() {
        AtomicInteger bodyRuns = new AtomicInteger();
        Step broken = Step.of("broken", c -> {
            bodyRuns.incrementAndGet();
            return StepOutcome.done().then(() -> {
                throw new IllegalStateException("cannot commit");
            });
        });
        WorkflowType type = new WorkflowType() {
            @Override
            public String name() {
                return "everything-throws";
            }

            @Override
            public List<Step> steps() {
                return List.of(broken);
            }

            @Override
            public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
                throw new IllegalStateException("onFailed cannot commit either");
            }

            @Override
            public OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }
        };
        try (EngineInstance engine = instance(EngineInstance.uniqueTaskName(), Clock.systemUTC(), type)) {
            engine.engine.limitEngineFailures(2, Duration.ofMillis(20));
            engine.start();
            UUID id = engine.start("everything-throws", UUID.randomUUID());

            await().atMost(Duration.ofSeconds(30)).until(() -> engine.view(id).status() == WorkflowStatus.FAILED);
            assertThat(engine.view(id).lastError().code()).isEqualTo("COMMIT_FAILED");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> bodyRuns.get() == 2);
        }
    }

    @Test
    void repeatedWaitsOfOneStepAreOneHistoryEntryCountingThem() {
        MutableClock clock = new MutableClock(Instant.parse("2032-03-01T00:00:00Z"));
        AtomicInteger checks = new AtomicInteger();
        Step waiting = Step.of("await-connection", c -> {
            int n = checks.incrementAndGet();
            if (n == 4) {
                return StepOutcome.retry("InternalError", "once");
            }
            return n < 8 ? StepOutcome.waitFor(Duration.ofSeconds(1)) : StepOutcome.done();
        }).within(Duration.ofDays(1));
        try (EngineInstance engine = instance(EngineInstance.uniqueTaskName(), clock, type("waits", waiting))) {
            UUID id = engine.start("waits", UUID.randomUUID());
            Instant firstStarted = clock.instant();
            for (int i = 0; i < 8; i++) {
                engine.runLive(id);
                clock.advance(Duration.ofSeconds(2));
            }

            List<WorkflowView.HistoryEntry> history = engine.view(id).history();
            assertThat(history).extracting(h -> h.outcome() + " x" + h.times() + " (attempt " + h.attempt() + ")")
                    .containsExactly("WAIT x3 (attempt 1)", "RETRY x1 (attempt 1)", "WAIT x3 (attempt 2)", "DONE x1 (attempt 2)");
            assertThat(history.getFirst().startedAt()).isEqualTo(firstStarted);
            assertThat(history.getFirst().finishedAt()).isEqualTo(firstStarted.plusSeconds(4));
            assertThat(engine.jdbc.sql("select count(*) from workflow_history where workflow_id = :id").param("id", id)
                    .query(Integer.class).single()).isEqualTo(4);
        }
    }

    @Test
    void theOperatorRetriesWhatTheyCancelledButNeverASupersededRunAndNotWhenTheSubjectIsGone() {
        Map<UUID, String> subjects = new ConcurrentHashMap<>();
        OperatorOutcomes outcomes = OperatorOutcomes.of(w -> subjects.put(w.subjectId(), "CANCELLED"),
                w -> subjects.containsKey(w.subjectId()) && subjects.put(w.subjectId(), "RETRIED") != null);
        Step waits = Step.of("wait", c -> StepOutcome.waitFor(Duration.ofHours(1))).within(Duration.ofDays(1));
        try (EngineInstance engine = instance(EngineInstance.uniqueTaskName(), Clock.systemUTC(),
                type("operated", List.of(waits), outcomes))) {
            UUID subject = UUID.randomUUID();
            UUID id = engine.start("operated", subject);

            assertThat(cancel(engine, id)).contains(true);
            WorkflowView cancelled = engine.view(id);
            assertThat(cancelled.status()).isEqualTo(WorkflowStatus.CANCELLED);
            assertThat(cancelled.lastError().code()).isEqualTo(OperatorOutcomes.CANCELLED);
            assertThat(subjects).containsEntry(subject, "CANCELLED");

            assertThat(retry(engine, id)).contains(RetryResult.RETRIED);
            assertThat(subjects).containsEntry(subject, "RETRIED");
            assertThat(engine.view(id).status()).isEqualTo(WorkflowStatus.RUNNING);

            // superseded (a delete, a new registration): the subject's status is the canceller's, and the run never comes back
            assertThat(supersede(engine, subject)).containsExactly(id);
            assertThat(subjects).containsEntry(subject, "RETRIED");
            assertThat(retry(engine, id)).contains(RetryResult.NOT_RETRIABLE);

            // cancelled by the operator, but a newer run has started over the subject since
            UUID newer = engine.start("operated", subject);
            assertThat(cancel(engine, newer)).contains(true);
            UUID newest = engine.start("operated", subject);
            assertThat(retry(engine, newer)).contains(RetryResult.NOT_RETRIABLE);
            assertThat(cancel(engine, newest)).contains(true);

            subjects.remove(subject);
            assertThat(retry(engine, newest)).contains(RetryResult.SUBJECT_GONE);
            assertThat(engine.view(newest).status()).isEqualTo(WorkflowStatus.CANCELLED);
            assertThat(retry(engine, UUID.randomUUID())).isEqualTo(Optional.empty());
        }
    }
}
