package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.privatelink.workflow.BatchHandler;
import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the batches workflows await ({@link BatchHandler}, {@link StepOutcome.Await}). A parked
 * workflow is a row of {@code workflow_batch_wait} per key; each key has at most one db-scheduler
 * execution of the task {@code workflow-batch} (scheduled if not there when a workflow parks), so
 * replicas never run one key twice at once and a run lost with its replica is revived by db-scheduler.
 * A run reads every workflow parked on its key, lets the handler decide them (no transaction open,
 * no thread waiting for another), commits the outcomes through the engine in a few transactions
 * ({@link WorkflowEngine#decideParked}), and runs again at once when workflows parked meanwhile.
 *
 * <p>Runs of a busy key are spaced by the handler's interval: a run that served several workflows is
 * followed by the next no sooner than that after it started, so a burst shares its cloud calls; a lone
 * workflow is served at once. A workflow that parks in the instant a run is ending is served by a run
 * at once too ({@link #runSoon}); its step's recheck is only the safety net for a replica lost mid-run.
 */
public final class WorkflowBatches implements WorkflowEngine.Parking {

    static final String TASK = "workflow-batch";
    private static final Logger log = LoggerFactory.getLogger(WorkflowBatches.class);
    /**
     * Decisions committed per transaction: enough to share the commits' flushes, few enough that the
     * subjects' row locks (which API changes of the same registrations wait for) are held only briefly.
     */
    private static final int CHUNK = 25;
    /** Workflows one run takes at most; more are served by the next run, at once. */
    private static final int MAX_PER_RUN = 5000;

    private final WorkflowEngine engine;
    private final Supplier<List<BatchHandler>> handlerBeans;
    private volatile Map<String, BatchHandler> handlers;
    private final List<FailureOutcomes> failureOutcomes;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Runnable wakeUp;
    private final Clock clock;
    private final CustomTask<String> task;
    /** Per key, when its last run on this replica started and how many it served. */
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();
    /** Keys whose run is confirmed after a parking commit ({@link #runSoon}). */
    private final Set<String> toConfirm = ConcurrentHashMap.newKeySet();
    private final ExecutorService confirming = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("workflow-batch-confirm").factory());

    WorkflowBatches(WorkflowEngine engine, Supplier<List<BatchHandler>> handlers, List<FailureOutcomes> failureOutcomes,
                    JdbcClient jdbc, PlatformTransactionManager transactionManager,
                    Runnable wakeUp, Clock clock) {
        this.engine = engine;
        this.handlerBeans = handlers;
        this.failureOutcomes = List.copyOf(failureOutcomes);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.wakeUp = wakeUp;
        this.clock = clock;
        this.task = Tasks.custom(TASK, String.class)
                .onFailure(new RunFailed())
                .execute((instance, context) -> run(instance.getId()));
        engine.parking(this);
    }

    CustomTask<String> task() {
        return task;
    }

    // ---- parking (inside the engine's committing transaction)

    @Override
    public void park(UUID workflowId, long seq, StepOutcome.Await await, boolean byStep) {
        if (!byStep) {
            jdbc.sql("update workflow_batch_wait set seq = :seq where workflow_id = :id")
                    .param("seq", seq).param("id", workflowId).update();
            return;
        }
        unpark(workflowId);
        Instant now = clock.instant();
        for (int i = 0; i < await.keys().size(); i++) {
            jdbc.sql("""
                            insert into workflow_batch_wait (workflow_id, batch, batch_key, seq, is_primary, parked_at)
                            values (:id, :batch, :key, :seq, :primary, :now) on conflict do nothing""")
                    .param("id", workflowId).param("batch", await.batch()).param("key", await.keys().get(i))
                    .param("seq", seq).param("primary", i == 0).param("now", WorkflowEngine.ts(now)).update();
            runSoon(await.batch(), await.keys().get(i));
        }
    }

    @Override
    public void unpark(UUID workflowId) {
        jdbc.sql("delete from workflow_batch_wait where workflow_id = :id").param("id", workflowId).update();
    }

    /**
     * Makes sure a run of the key comes now (joins the caller's transaction; the poller is woken after
     * commit). Written as PostgreSQL's {@code on conflict do nothing}, not db-scheduler's
     * scheduleIfNotExists: that one inserts and catches the duplicate key, which aborts the caller's
     * transaction when many workflows park on one key at once.
     *
     * <p>When a run of the key is there already, it may be ending: it looks for waits parked since it
     * began only once it has removed its execution, and a wait not committed by then is invisible to it
     * (a lost wake-up). So after such a commit the key is confirmed once more, outside the transaction:
     * either the run has removed its execution by then and a new one is scheduled, or it has not, and
     * its last look, which comes after, sees the committed wait.
     */
    public void runSoon(String batch, String key) {
        boolean scheduled = schedule(batch, key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    if (scheduled) {
                        wakeUp.run();
                    } else {
                        confirm(batch + "|" + key);
                    }
                }
            });
        } else {
            wakeUp.run();
        }
    }

    /** @return whether a new execution was scheduled (not one there already) */
    private boolean schedule(String batch, String key) {
        return jdbc.sql("""
                        insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version, priority)
                        values (:task, :instance, null, now(), false, 1, :priority) on conflict do nothing""")
                .param("task", TASK).param("instance", batch + "|" + key)
                .param("priority", Priority.MEDIUM).update() == 1;
    }

    /**
     * Confirms the key's run after the parking transaction committed, on a thread of its own (the
     * committing one still holds its transaction's connection); keys confirmed while one confirmation
     * is under way share the next.
     */
    private void confirm(String instance) {
        if (toConfirm.add(instance)) {
            confirming.execute(() -> {
                if (!toConfirm.remove(instance)) {
                    return;
                }
                try {
                    int bar = instance.indexOf('|');
                    if (schedule(instance.substring(0, bar), instance.substring(bar + 1))) {
                        wakeUp.run();
                    }
                } catch (RuntimeException e) {
                    log.warn("Batch run {} could not be confirmed; the parked steps' recheck serves them", instance, e);
                }
            });
        }
    }

    /** Stops confirming (at shutdown; the parked steps' rechecks cover what was not confirmed). */
    public void close() {
        confirming.shutdownNow();
    }

    // ---- a run (called by db-scheduler, no transaction open)

    CompletionHandler<String> run(String id) {
        int bar = id.indexOf('|');
        String batch = id.substring(0, bar);
        String key = id.substring(bar + 1);
        BatchHandler handler = handlers().get(batch);
        if (handler == null) {
            log.warn("No batch handler '{}' on this replica; run {} dropped", batch, id);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        Instant start = clock.instant();
        LastRun last = lastRuns.get(id);
        if (last != null && last.served() > 1 && start.isBefore(last.startedAt().plus(handler.minInterval()))) {
            return rescheduleAt(last.startedAt().plus(handler.minInterval())); // a busy key: let the next run gather more
        }
        List<Parked> parked = parked(batch, key);
        lastRuns.put(id, new LastRun(start, parked.size()));
        if (parked.isEmpty()) {
            return removeUnlessParkedMeanwhile(batch, key, Set.of());
        }
        BatchHandler.Decisions decisions = decide(handler, key, parked);
        Set<String> expected = commit(parked, decisions.outcomes(), start);
        if (decisions.runAgainIn() != null || !arrivals(batch, key, expected).isEmpty() || parked.size() >= MAX_PER_RUN) {
            Instant next = decisions.runAgainIn() == null ? clock.instant() : clock.instant().plus(decisions.runAgainIn());
            return rescheduleAt(next);
        }
        return removeUnlessParkedMeanwhile(batch, key, expected);
    }

    private BatchHandler.Decisions decide(BatchHandler handler, String key, List<Parked> parked) {
        List<BatchHandler.Parked> view = parked.stream().map(Parked::view).toList();
        try {
            return handler.decide(key, view);
        } catch (RuntimeException e) {
            StepOutcome outcome = failureOutcomes.stream().map(f -> f.outcomeOf(e)).flatMap(Optional::stream).findFirst()
                    .orElseGet(() -> {
                        log.warn("Batch {} of {} threw", handler.batch(), key, e);
                        return StepOutcome.retry("STEP_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
                    });
            // what the step would have met: every parked workflow meets it (a throttle reschedules them all)
            return new BatchHandler.Decisions(parked.stream().collect(Collectors.toMap(p -> p.workflowId, p -> outcome,
                    (a, b) -> a)), null);
        }
    }

    /** Commits the decisions in chunks, subjects in one order; @return the (workflow, seq) pairs parked afterwards. */
    private Set<String> commit(List<Parked> parked, Map<UUID, StepOutcome> outcomes, Instant startedAt) {
        Set<String> expected = new HashSet<>();
        List<Parked> decided = new ArrayList<>();
        for (Parked p : parked) {
            StepOutcome outcome = outcomes.get(p.workflowId);
            if (outcome == null) {
                expected.add(p.workflowId + "/" + p.seq);
            } else {
                decided.add(p);
                if (outcome instanceof StepOutcome.Await) {
                    expected.add(p.workflowId + "/" + (p.seq + 1));
                }
            }
        }
        decided.sort(Comparator.comparing((Parked p) -> p.subjectId).thenComparing(p -> p.workflowId));
        Set<UUID> done = new HashSet<>();
        for (int from = 0; from < decided.size(); from += CHUNK) {
            List<Parked> chunk = decided.subList(from, Math.min(from + CHUNK, decided.size()));
            try {
                transactions.executeWithoutResult(s -> chunk.stream().filter(p -> done.add(p.workflowId))
                        .forEach(p -> engine.decideParked(p.workflowId, p.seq, outcomes.get(p.workflowId), startedAt)));
            } catch (RuntimeException e) {
                // one of them could not commit (a deadlock with an API change, a callback that threw): one at a time
                log.info("Batch commit of {} workflows failed ({}); committing them one by one", chunk.size(), e.toString());
                chunk.forEach(p -> done.remove(p.workflowId));
                for (Parked p : chunk) {
                    try {
                        transactions.executeWithoutResult(s -> engine.decideParked(p.workflowId, p.seq,
                                outcomes.get(p.workflowId), startedAt));
                    } catch (RuntimeException single) {
                        log.warn("Workflow {}: the batch's outcome could not be committed; its step's recheck retries it",
                                p.workflowId, single);
                    }
                }
            }
        }
        return expected;
    }

    /** Every workflow validly parked on the key (left-over rows are dropped on the way). */
    private List<Parked> parked(String batch, String key) {
        jdbc.sql("""
                        delete from workflow_batch_wait b where b.batch = :batch and b.batch_key = :key
                          and not exists (select 1 from workflow w where w.id = b.workflow_id and w.status = 'WAITING'
                                          and w.schedule_seq = b.seq)""")
                .param("batch", batch).param("key", key).update();
        Map<String, WorkflowType> types = engine.types();
        return jdbc.sql("""
                        select w.id, w.type, w.subject_id, w.current_step, w.attempt, w.step_started_at, b.seq, b.is_primary,
                               b.parked_at
                        from workflow_batch_wait b join workflow w on w.id = b.workflow_id
                        where b.batch = :batch and b.batch_key = :key and w.status = 'WAITING' and w.schedule_seq = b.seq
                        order by b.parked_at limit :limit""")
                .param("batch", batch).param("key", key).param("limit", MAX_PER_RUN)
                .query((rs, n) -> {
                    WorkflowType type = types.get(rs.getString("type"));
                    Step step = type == null ? null : WorkflowEngine.stepNamed(type, rs.getString("current_step")).orElse(null);
                    Instant stepStartedAt = rs.getTimestamp("step_started_at").toInstant();
                    return new Parked(rs.getObject("id", UUID.class), rs.getString("type"), rs.getObject("subject_id", UUID.class),
                            step == null ? null : step.name(), rs.getInt("attempt"), stepStartedAt,
                            step == null ? stepStartedAt : stepStartedAt.plus(step.deadline()), rs.getLong("seq"),
                            rs.getBoolean("is_primary"), rs.getTimestamp("parked_at").toInstant());
                })
                .list().stream().filter(p -> p.step != null).toList();
    }

    /** Workflows parked on the key that this run did not see (or parked anew by their step's recheck). */
    private Set<String> arrivals(String batch, String key, Set<String> expected) {
        Set<String> now = new HashSet<>(jdbc.sql("""
                        select b.workflow_id || '/' || b.seq from workflow_batch_wait b
                        where b.batch = :batch and b.batch_key = :key""")
                .param("batch", batch).param("key", key).query(String.class).list());
        now.removeAll(expected);
        return now;
    }

    private CompletionHandler<String> rescheduleAt(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    /**
     * Ends the run: removes its execution, then looks once more, so that a workflow that parked while
     * this run was ending (its "schedule if not there" found this execution still there) is not left
     * waiting for its recheck.
     */
    private CompletionHandler<String> removeUnlessParkedMeanwhile(String batch, String key, Set<String> expected) {
        return (complete, operations) -> {
            operations.remove();
            if (!arrivals(batch, key, expected).isEmpty()) {
                runSoon(batch, key);
            }
        };
    }

    private Map<String, BatchHandler> handlers() {
        Map<String, BatchHandler> known = handlers;
        if (known == null) {
            known = handlerBeans.get().stream().collect(Collectors.toUnmodifiableMap(BatchHandler::batch, Function.identity()));
            handlers = known;
        }
        return known;
    }

    private record LastRun(Instant startedAt, int served) {
    }

    private record Parked(UUID workflowId, String type, UUID subjectId, String step, int attempt, Instant stepStartedAt,
                          Instant deadline, long seq, boolean primary, Instant parkedAt) {
        BatchHandler.Parked view() {
            return new BatchHandler.Parked(workflowId, type, subjectId, step, attempt, stepStartedAt, deadline, primary, parkedAt);
        }
    }

    /** A run that failed as a whole (the database, a handler's bug) is tried again soon, with a capped backoff. */
    private static final class RunFailed implements FailureHandler<String> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<String> operations) {
            int failures = Math.min(complete.getExecution().consecutiveFailures, 5);
            Duration delay = Duration.ofMillis(250L << failures);
            log.warn("Batch run {} failed ({} in a row); again in {}", complete.getExecution().taskInstance.getId(),
                    failures + 1, delay, complete.getCause().orElse(null));
            operations.reschedule(complete, complete.getTimeDone().plus(delay));
        }
    }
}
