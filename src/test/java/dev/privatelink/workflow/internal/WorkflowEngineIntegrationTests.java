package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudFailureOutcomes;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.MutableClock;
import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.WorkflowView;
import dev.privatelink.workflow.Workflows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine on the real (embedded) PostgreSQL, with engine instances built by hand as replicas
 * would be: retries, waits and deadlines under a hand-moved clock; fencing; several instances.
 */
@IntegrationTest
class WorkflowEngineIntegrationTests {

    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Workflows workflows;

    @BeforeAll
    static void sideEffectTable(@Autowired JdbcClient jdbc) {
        jdbc.sql("""
                create table if not exists workflow_test_effect (
                    workflow_id uuid not null, step text not null, runs int not null default 1,
                    primary key (workflow_id, step))""").update();
    }

    private EngineInstance instance(String name, String taskName, List<WorkflowType> types, Clock clock, Duration heartbeat,
                                    int threads) {
        return new EngineInstance(name, dataSource, transactions, taskName, types, clock, HIGHEST, heartbeat, threads);
    }

    private EngineInstance manual(List<WorkflowType> types, Clock clock) {
        return instance("manual", EngineInstance.uniqueTaskName(), types, clock, Duration.ofSeconds(5), 1);
    }

    private static WorkflowType type(String name, Step... steps) {
        return new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Step> steps() {
                return List.of(steps);
            }
        };
    }

    private Instant scheduledAt(UUID workflowId) {
        return jdbc.sql("select execution_time from scheduled_tasks where task_instance like :prefix order by execution_time desc limit 1")
                .param("prefix", workflowId + "/%").query(Instant.class).single();
    }

    @Test
    void transientErrorsAreRetriedWithBackoffAndHintsAndExhaustionFailsWithTheLastCode() {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        Step flaky = Step.of("flaky", c -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                throw new CloudException(CloudProvider.values()[0], "describe", "RequestLimitExceeded",
                        CloudErrorKind.RETRYABLE, "slow down", Duration.ofSeconds(30), null);
            }
            return StepOutcome.retry("InternalError", "attempt " + c.attempt());
        }).retrying(new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 3)).within(Duration.ofHours(1));
        try (EngineInstance engine = manual(List.of(type("retries", flaky)), clock)) {
            UUID id = engine.start("retries", UUID.randomUUID());
            Instant t0 = clock.instant();

            engine.runLive(id);
            WorkflowView afterFirst = engine.view(id);
            assertThat(afterFirst.status()).isEqualTo(WorkflowStatus.WAITING);
            assertThat(afterFirst.attempt()).isEqualTo(2);
            assertThat(afterFirst.nextAttemptAt()).isEqualTo(t0.plus(Duration.ofMillis(1000)));
            assertThat(scheduledAt(id)).isEqualTo(afterFirst.nextAttemptAt());
            assertThat(afterFirst.lastError()).isEqualTo(new WorkflowView.Error("InternalError", "attempt 1"));

            clock.advance(Duration.ofSeconds(1));
            engine.runLive(id); // the cloud's hint of 30 s beats the 2 s backoff
            WorkflowView afterSecond = engine.view(id);
            assertThat(afterSecond.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
            assertThat(scheduledAt(id)).isEqualTo(afterSecond.nextAttemptAt());

            clock.advance(Duration.ofSeconds(30));
            engine.runLive(id);
            WorkflowView failed = engine.view(id);
            assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
            assertThat(failed.lastError().code()).isEqualTo("InternalError");
            assertThat(failed.nextAttemptAt()).isNull();
            assertThat(failed.history()).extracting(WorkflowView.HistoryEntry::attempt).containsExactly(1, 2, 3);
            assertThat(failed.history()).extracting(WorkflowView.HistoryEntry::errorCode)
                    .containsExactly("InternalError", "RequestLimitExceeded", "InternalError");
        }
    }

    @Test
    void waitingCountsNoAttemptAndExpiresAtTheStepDeadlineThroughTheCallback() {
        MutableClock clock = new MutableClock(Instant.parse("2032-01-01T00:00:00Z"));
        Map<UUID, String> expired = new ConcurrentHashMap<>();
        Step pending = Step.of("await-acceptance", c -> StepOutcome.waitFor(Duration.ofMinutes(4))).within(Duration.ofMinutes(10));
        WorkflowType awaiting = new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }

            @Override
            public String name() {
                return "awaiting";
            }

            @Override
            public List<Step> steps() {
                return List.of(pending);
            }

            @Override
            public void onExpired(WorkflowRef workflow, String step) {
                expired.put(workflow.subjectId(), step);
            }
        };
        try (EngineInstance engine = manual(List.of(awaiting), clock)) {
            UUID subject = UUID.randomUUID();
            UUID id = engine.start("awaiting", subject);
            Instant t0 = clock.instant();
            engine.runLive(id);
            assertThat(engine.view(id).nextAttemptAt()).isEqualTo(t0.plus(Duration.ofMinutes(4)));
            clock.advance(Duration.ofMinutes(4));
            engine.runLive(id);
            clock.advance(Duration.ofMinutes(4));
            engine.runLive(id);
            WorkflowView atDeadline = engine.view(id);
            assertThat(atDeadline.status()).isEqualTo(WorkflowStatus.WAITING);
            assertThat(atDeadline.attempt()).isEqualTo(1);
            assertThat(atDeadline.nextAttemptAt()).isEqualTo(t0.plus(Duration.ofMinutes(10)));
            assertThat(expired).isEmpty();

            clock.advance(Duration.ofMinutes(2));
            engine.runLive(id);
            WorkflowView view = engine.view(id);
            assertThat(view.status()).isEqualTo(WorkflowStatus.EXPIRED);
            // the three waits of the step are one entry counting them
            assertThat(view.history()).extracting(h -> h.outcome() + " x" + h.times()).containsExactly("WAIT x3", "EXPIRED x1");
            assertThat(expired).containsEntry(subject, "await-acceptance");
        }
    }

    @Test
    void throttlingIsRescheduledAfterItsHintWithoutCountingAttempts() {
        MutableClock clock = new MutableClock(Instant.parse("2033-01-01T00:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        Step throttled = Step.of("call", c -> calls.incrementAndGet() <= 20
                        ? CloudFailureOutcomes.of(new CloudException(CloudProvider.values()[0], "create", "429", CloudErrorKind.THROTTLED,
                        "throttled", Duration.ofSeconds(5), null))
                        : StepOutcome.done())
                .retrying(new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 2));
        try (EngineInstance engine = manual(List.of(type("throttled", throttled)), clock)) {
            UUID id = engine.start("throttled", UUID.randomUUID());
            for (int i = 0; i < 20; i++) {
                engine.runLive(id);
                WorkflowView view = engine.view(id);
                assertThat(view.status()).isEqualTo(WorkflowStatus.WAITING);
                assertThat(view.attempt()).isEqualTo(1);
                assertThat(view.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(5));
                clock.advance(Duration.ofSeconds(5));
            }
            engine.runLive(id);
            assertThat(engine.view(id).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
        }
    }

    @Test
    void theDomainChangeCommitsWithTheOutcomeAndStartJoinsTheCallersTransaction() {
        Clock clock = Clock.systemUTC();
        UUID subject = UUID.randomUUID();
        Step mark = Step.of("mark", c -> StepOutcome.done().then(() -> jdbc.sql(
                "insert into workflow_test_effect (workflow_id, step) values (:id, 'mark')").param("id", c.workflowId()).update()));
        try (EngineInstance engine = manual(List.of(type("marking", mark)), clock)) {
            UUID rolledBack = engine.transactions.execute(status -> {
                UUID id = engine.engine.start("marking", subject);
                status.setRollbackOnly();
                return id;
            });
            assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance like :p")
                    .param("p", rolledBack + "/%").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from workflow where id = :id").param("id", rolledBack).query(Long.class).single()).isZero();

            UUID id = engine.start("marking", subject);
            assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance = :i")
                    .param("i", id + "/1").query(Long.class).single()).isOne();
            engine.runLive(id);
            assertThat(engine.view(id).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
            assertThat(effects(id, "mark")).isOne();
        }
    }

    @Test
    void aWorkerWhoseClaimWasTakenOverCannotCommit() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Step slow = Step.of("slow", c -> {
            if (runs.incrementAndGet() == 1) {
                entered.countDown();
                block(release);
            }
            return StepOutcome.done().then(() -> jdbc.sql("""
                    insert into workflow_test_effect (workflow_id, step) values (:id, 'slow')
                    on conflict (workflow_id, step) do update set runs = workflow_test_effect.runs + 1""")
                    .param("id", c.workflowId()).update());
        });
        Step next = Step.of("next", c -> StepOutcome.done());
        try (EngineInstance engine = manual(List.of(type("fenced", slow, next)), Clock.systemUTC())) {
            UUID id = engine.start("fenced", UUID.randomUUID());
            CompletableFuture<Void> stale = CompletableFuture.runAsync(() -> engine.runLive(id));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            engine.runLive(id); // another worker takes the same execution over (as after a missed heartbeat) and commits
            release.countDown();
            stale.get(10, TimeUnit.SECONDS);

            assertThat(effects(id, "slow")).as("the domain change of the stale worker was not committed").isOne();
            assertThat(engine.executions("STALE")).isOne();
            engine.runLive(id);
            WorkflowView view = engine.view(id);
            assertThat(view.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
            assertThat(view.history()).extracting(WorkflowView.HistoryEntry::step).containsExactly("slow", "next");
        }
    }

    @Test
    void cancellingDuringAStepKeepsItsOutcomeFromCommitting() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Map<UUID, Boolean> cancelled = new ConcurrentHashMap<>();
        Step slow = Step.of("create", c -> {
            entered.countDown();
            block(release);
            return StepOutcome.done().then(() -> jdbc.sql("insert into workflow_test_effect (workflow_id, step) values (:id, 'create')")
                    .param("id", c.workflowId()).update());
        });
        WorkflowType create = new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return EngineInstance.NO_SUBJECT;
            }

            @Override
            public String name() {
                return "cancellable";
            }

            @Override
            public List<Step> steps() {
                return List.of(slow);
            }

            @Override
            public void onCancelled(WorkflowRef workflow) {
                cancelled.put(workflow.subjectId(), true);
            }
        };
        try (EngineInstance engine = manual(List.of(create), Clock.systemUTC())) {
            UUID subject = UUID.randomUUID();
            UUID id = engine.start("cancellable", subject);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> engine.runLive(id));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<UUID> superseded = engine.transactions.execute(s -> engine.engine.cancelFor(null, subject));
            release.countDown();
            running.get(10, TimeUnit.SECONDS);

            assertThat(superseded).containsExactly(id);
            assertThat(cancelled).containsKey(subject);
            assertThat(engine.view(id).status()).isEqualTo(WorkflowStatus.CANCELLED);
            assertThat(effects(id, "create")).isZero();
            java.util.Optional<Boolean> again = engine.transactions.execute(s -> engine.engine.cancel(id));
            assertThat(again).contains(false);
        }
    }

    @Test
    void twoInstancesRunEveryStepOfFiveThousandWorkflowsOnceAndNeverConcurrently() {
        int workflowsCount = 5000;
        String taskName = EngineInstance.uniqueTaskName();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicBoolean overlap = new AtomicBoolean();
        List<Step> steps = new ArrayList<>();
        for (String name : List.of("one", "two", "three")) {
            steps.add(Step.of(name, c -> {
                AtomicInteger now = running.computeIfAbsent(c.workflowId().toString(), k -> new AtomicInteger());
                if (now.incrementAndGet() > 1) {
                    overlap.set(true);
                }
                try {
                    jdbc.sql("""
                            insert into workflow_test_effect (workflow_id, step) values (:id, :step)
                            on conflict (workflow_id, step) do update set runs = workflow_test_effect.runs + 1""")
                            .param("id", c.workflowId()).param("step", c.step()).update();
                    return StepOutcome.done();
                } finally {
                    now.decrementAndGet();
                }
            }));
        }
        List<WorkflowType> types = List.of(type("bulk", steps.toArray(Step[]::new)));
        try (EngineInstance first = instance("replica-1", taskName, types, Clock.systemUTC(), Duration.ofSeconds(2), 8);
             EngineInstance second = instance("replica-2", taskName, types, Clock.systemUTC(), Duration.ofSeconds(2), 8)) {
            List<UUID> ids = first.transactions.execute(s -> {
                List<UUID> started = new ArrayList<>();
                for (int i = 0; i < workflowsCount; i++) {
                    started.add(first.engine.start("bulk", UUID.randomUUID()));
                }
                return started;
            });
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    jdbc.sql("select count(*) from workflow where type = 'bulk' and id = any(:ids) and status = 'SUCCEEDED'")
                            .param("ids", ids.toArray(UUID[]::new)).query(Long.class).single() == workflowsCount);

            assertThat(overlap).as("a workflow ran two steps at once").isFalse();
            assertThat(jdbc.sql("select count(*), max(runs) from workflow_test_effect where workflow_id = any(:ids)")
                    .param("ids", ids.toArray(UUID[]::new))
                    .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                    .containsExactly(3L * workflowsCount, 1L);
            assertThat(first.executions("DONE")).isPositive();
            assertThat(second.executions("DONE")).isPositive();
            assertThat(first.executions("DONE") + second.executions("DONE")).isEqualTo(3.0 * workflowsCount);
        }
    }

    @Test
    void anotherInstanceResumesTheStepOfAWorkerThatDiedWithoutDuplicatingItsEffect() throws Exception {
        String taskName = EngineInstance.uniqueTaskName();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch victimRelease = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        Step provision = Step.of("provision", c -> {
            // idempotent: the effect is keyed by the workflow, a repeat finds it instead of adding one
            jdbc.sql("insert into workflow_test_effect (workflow_id, step) values (:id, 'provision') on conflict do nothing")
                    .param("id", c.workflowId()).update();
            if (attempts.incrementAndGet() == 1) {
                entered.countDown();
                awaitUninterruptibly(victimRelease); // the worker hangs: no heartbeat, no outcome
            }
            return StepOutcome.done();
        });
        List<WorkflowType> types = List.of(type("crashing", provision, Step.of("finish", c -> StepOutcome.done())));
        Duration heartbeat = Duration.ofMillis(250);
        EngineInstance victim = instance("victim", taskName, types, Clock.systemUTC(), heartbeat, 2).start();
        UUID id = victim.start("crashing", UUID.randomUUID());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.runAsync(victim::close); // its heartbeats stop; the hung step stays picked

        Instant died = Instant.now();
        try (EngineInstance survivor = instance("survivor", taskName, types, Clock.systemUTC(), heartbeat, 2).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> survivor.view(id).status() == WorkflowStatus.SUCCEEDED);
            Duration resumedIn = Duration.between(died, Instant.now());
            // 4 missed heartbeats of 250 ms, plus the detection cycle
            assertThat(resumedIn).isLessThan(Duration.ofSeconds(5));
            victimRelease.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> victim.executions("STALE") == 1.0);
            assertThat(effects(id, "provision")).isOne();
            assertThat(survivor.view(id).history()).extracting(WorkflowView.HistoryEntry::step).containsExactly("provision", "finish");
        }
    }

    @Test
    void theApplicationEngineRunsAWorkflowStartedInATransaction() {
        UUID subject = UUID.randomUUID();
        UUID id = new org.springframework.transaction.support.TransactionTemplate(transactions)
                .execute(s -> workflows.start(TestWorkflowTypes.APPROVAL, subject));
        TestWorkflowTypes.approve(subject);
        await().atMost(Duration.ofSeconds(10)).until(() -> workflows.find(id).orElseThrow().status() == WorkflowStatus.SUCCEEDED);
        assertThat(workflows.findLatestFor(subject)).get().extracting(WorkflowView::id).isEqualTo(id);
        assertThat(TestWorkflowTypes.outcome(subject)).isEqualTo("SUCCEEDED");
    }

    private long effects(UUID id, String step) {
        return jdbc.sql("select count(*) from workflow_test_effect where workflow_id = :id and step = :step")
                .param("id", id).param("step", step).query(Long.class).single();
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latch.getCount() > 0 && System.nanoTime() < end) {
            try {
                latch.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // a dead worker does not notice its scheduler stopping
            }
        }
    }
}
