package dev.privatelink.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.RetryResult;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.WorkflowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs workflows on db-scheduler. Each step execution is one db-scheduler one-time execution named
 * {@code <workflowId>/<scheduleSeq>}; db-scheduler claims it (lock-and-fetch), heartbeats it and
 * revives it when its replica dies. The engine adds what db-scheduler cannot know:
 * <ul>
 *   <li>only the execution whose sequence number the workflow row names may run a step, so an
 *       execution left behind (its replica died after committing) does nothing;</li>
 *   <li>starting a step bumps the row's fencing token, and the outcome commits only if the token is
 *       unchanged: a worker whose claim was taken over, or whose workflow was cancelled, commits nothing;</li>
 *   <li>the outcome, the history row, the step's domain change, the end callbacks and the scheduling of
 *       the next execution commit in one transaction; no transaction is open while the step runs.</li>
 * </ul>
 * Several engines (replicas, or test instances) share the tables; each owns a db-scheduler task name.
 */
public final class WorkflowEngine {

    private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
    private static final int MAX_MESSAGE = 2000;
    /** Reason code of a workflow cancelled by {@link #cancelFor}: another took over; it never runs again. */
    static final String SUPERSEDED = "SUPERSEDED";

    private final Supplier<List<WorkflowType>> typeBeans;
    private volatile Map<String, WorkflowType> types;
    private final List<FailureOutcomes> failureOutcomes;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Supplier<SchedulerClient> scheduler;
    private final Runnable wakeUp;
    private final Clock clock;
    private final RandomGenerator random;
    private final WorkflowMetrics metrics;
    private final OneTimeTask<String> task;
    private volatile Parking parking = Parking.NONE;
    private volatile int maxEngineFailures = 10;
    private volatile Duration engineBackoff = Duration.ofSeconds(1);

    /**
     * @param types workflow types, resolved on first use: they are beans that may themselves start
     *              workflows through {@link dev.privatelink.workflow.Workflows}, which needs this engine
     */
    WorkflowEngine(Supplier<List<WorkflowType>> types, List<FailureOutcomes> failureOutcomes, JdbcClient jdbc,
                   PlatformTransactionManager transactionManager, String taskName, Supplier<SchedulerClient> scheduler,
                   Runnable wakeUp, Clock clock, RandomGenerator random, WorkflowMetrics metrics) {
        this.typeBeans = types;
        this.failureOutcomes = List.copyOf(failureOutcomes);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.scheduler = scheduler;
        this.wakeUp = wakeUp;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.task = Tasks.oneTime(taskName, String.class)
                .onFailure(new EngineErrorBackoff())
                .execute((instance, context) -> run(instance.getId()));
    }

    /** Where steps that await a batch are parked ({@link WorkflowBatches}); without it an Await fails its commit. */
    void parking(Parking parking) {
        this.parking = parking;
    }

    /**
     * How often in a row the engine itself may fail an execution (its commit or a callback threw) before
     * the workflow ends FAILED with {@code COMMIT_FAILED}; the first retry waits {@code firstBackoff},
     * doubling up to 32 times that.
     */
    void limitEngineFailures(int max, Duration firstBackoff) {
        if (max < 1 || firstBackoff == null || !firstBackoff.isPositive()) {
            throw new IllegalArgumentException("max engine failures must be at least 1 and the backoff positive, got "
                    + max + ", " + firstBackoff);
        }
        this.maxEngineFailures = max;
        this.engineBackoff = firstBackoff;
    }

    /** The db-scheduler task executing this engine's steps; register it with the scheduler. */
    OneTimeTask<String> task() {
        return task;
    }

    public Map<String, WorkflowType> types() {
        Map<String, WorkflowType> known = types;
        if (known == null) {
            known = index(typeBeans.get());
            types = known; // idempotent: racing first callers build equal maps
        }
        return known;
    }

    // ---- commands (run inside a transaction) ----

    public UUID start(String typeName, UUID subjectId) {
        WorkflowType type = types().get(typeName);
        if (type == null) {
            throw new IllegalArgumentException("no workflow type '" + typeName + "'; known: " + types().keySet());
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into workflow (id, type, subject_id, status, step_index, current_step, attempt,
                                              next_attempt_at, schedule_seq, fence, created_at, updated_at)
                        values (:id, :type, :subject, 'RUNNING', 0, :step, 1, :now, 1, 0, :now, :now)""")
                .param("id", id).param("type", typeName).param("subject", subjectId)
                .param("step", type.steps().getFirst().name()).param("now", ts(now))
                .update();
        // a fresh id has no execution yet: db-scheduler's batch insert skips the look-up its schedule makes first
        scheduler.get().scheduleBatch(List.<TaskInstance<?>>of(task.instance(id + "/" + 1, id.toString())), now);
        wakeUpAfterCommit(now);
        return id;
    }

    /** The operator's cancel: {@code empty} when unknown; {@code false} when already final. */
    public Optional<Boolean> cancel(UUID id) {
        return cancel(id, true);
    }

    /** Supersedes the subject's active workflows: the caller sets the subject's status. */
    public List<UUID> cancelFor(String type, UUID subjectId) {
        List<UUID> active = jdbc.sql("""
                        select id from workflow
                        where subject_id = :subject and status in ('RUNNING', 'WAITING')
                          and (cast(:type as text) is null or type = :type)
                        order by created_at""")
                .param("subject", subjectId).param("type", type)
                .query(UUID.class).list();
        return active.stream().filter(id -> cancel(id, false).orElse(false)).toList();
    }

    private Optional<Boolean> cancel(UUID id, boolean byOperator) {
        lockSubjectOf(id);
        return lockRow(id).map(row -> {
            if (!row.status().isActive()) {
                return false;
            }
            Instant now = clock.instant();
            String code = byOperator ? OperatorOutcomes.CANCELLED : SUPERSEDED;
            String message = byOperator ? OperatorOutcomes.CANCELLED_MESSAGE
                    : "superseded: a newer workflow over its subject took over";
            jdbc.sql("""
                            update workflow set status = 'CANCELLED', fence = fence + 1, next_attempt_at = null,
                                                last_error_code = :code, last_error_message = :message,
                                                updated_at = :now where id = :id""")
                    .param("id", id).param("code", code).param("message", message).param("now", ts(now)).update();
            history(id, row.scheduleSeq(), row.currentStep(), row.attempt(), now, now, "CANCELLED", code, message);
            parking.unpark(id);
            WorkflowType type = types().get(row.type());
            if (type != null) {
                WorkflowRef ref = new WorkflowRef(id, row.type(), row.subjectId());
                if (byOperator) {
                    type.operatorOutcomes().cancelled(ref);
                } else {
                    type.onCancelled(ref);
                }
            }
            return true;
        });
    }

    /**
     * {@code empty} when unknown. Retries a FAILED workflow, or one the operator cancelled while no newer
     * workflow has started over its subject (a superseded one never runs again). Locks the subject first,
     * as commits do.
     */
    public Optional<RetryResult> retry(UUID id) {
        lockSubjectOf(id);
        return lockRow(id).map(row -> {
            if (!retriable(id, row)) {
                return RetryResult.NOT_RETRIABLE;
            }
            WorkflowType type = types().get(row.type());
            if (type == null || !type.operatorOutcomes().retried(new WorkflowRef(id, row.type(), row.subjectId()))) {
                return RetryResult.SUBJECT_GONE;
            }
            Instant now = clock.instant();
            long seq = row.scheduleSeq() + 1;
            jdbc.sql("""
                            update workflow set status = 'RUNNING', attempt = 1, step_started_at = null,
                                                next_attempt_at = :now, schedule_seq = :seq, fence = fence + 1,
                                                updated_at = :now
                            where id = :id""")
                    .param("id", id).param("seq", seq).param("now", ts(now)).update();
            schedule(id, seq, now);
            return RetryResult.RETRIED;
        });
    }

    private boolean retriable(UUID id, Row row) {
        if (row.status() == WorkflowStatus.FAILED) {
            return true;
        }
        if (row.status() != WorkflowStatus.CANCELLED || !OperatorOutcomes.CANCELLED.equals(row.lastErrorCode())) {
            return false;
        }
        return !jdbc.sql("""
                        select exists (select 1 from workflow where subject_id = :subject and id <> :id
                                                                and created_at >= :createdAt)""")
                .param("subject", row.subjectId()).param("id", id).param("createdAt", ts(row.createdAt()))
                .query(Boolean.class).single();
    }

    public boolean anyActiveFor(UUID subjectId) {
        return jdbc.sql("select exists (select 1 from workflow where subject_id = :subject and status in ('RUNNING', 'WAITING'))")
                .param("subject", subjectId).query(Boolean.class).single();
    }

    // ---- execution (called by db-scheduler, no transaction open) ----

    void run(String instanceId) {
        int slash = instanceId.lastIndexOf('/');
        UUID id = UUID.fromString(instanceId.substring(0, slash));
        long seq = Long.parseLong(instanceId.substring(slash + 1));
        Optional<Claim> claimed = claim(id, seq);
        if (claimed.isEmpty()) {
            return; // superseded: a later execution, a cancel or the end of the workflow came first
        }
        Claim claim = claimed.get();
        WorkflowType type = types().get(claim.type());
        if (type == null) {
            throw new IllegalStateException("workflow " + id + " has type '" + claim.type() + "' which this instance does not know");
        }
        Optional<Step> named = stepNamed(type, claim.step());
        if (named.isEmpty()) {
            // a deploy renamed or removed the step this workflow was at: running another one instead would do the wrong thing
            end(id, seq, "STEP_UNKNOWN", "workflow type " + claim.type() + " has no step '" + claim.step()
                    + "' any more (steps: " + type.steps().stream().map(Step::name).toList() + ")");
            return;
        }
        Step step = named.get();
        Instant startedAt = clock.instant();
        StepContext context = new StepContext(id, claim.type(), claim.subjectId(), step.name(), claim.attempt(),
                claim.stepStartedAt(), claim.stepStartedAt().plus(step.deadline()), startedAt);
        long began = System.nanoTime();
        StepOutcome outcome = execute(step, context);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Boolean committed = transactions.execute(status -> commit(claim, type, step, outcome, startedAt));
        metrics.stepExecuted(claim.type(), step.name(), Boolean.TRUE.equals(committed) ? outcomeName(outcome) : "STALE", took);
        if (!Boolean.TRUE.equals(committed)) {
            log.info("Workflow {} step {}: claim lost while the step ran; its outcome was not committed", id, step.name());
        }
    }

    private StepOutcome execute(Step step, StepContext context) {
        try {
            StepOutcome outcome = step.execute(context);
            return outcome == null ? StepOutcome.retry("STEP_ERROR", "step " + step.name() + " returned no outcome") : outcome;
        } catch (RuntimeException e) {
            for (FailureOutcomes outcomes : failureOutcomes) {
                Optional<StepOutcome> outcome = outcomes.outcomeOf(e);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
            }
            log.warn("Workflow {} step {} threw", context.workflowId(), step.name(), e);
            return StepOutcome.retry("STEP_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Starts a step execution: only the live execution of an active workflow may, and it takes the fence. */
    private Optional<Claim> claim(UUID id, long seq) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update workflow set fence = fence + 1, status = 'RUNNING',
                                            step_started_at = coalesce(step_started_at, :now), updated_at = :now
                        where id = :id and schedule_seq = :seq and status in ('RUNNING', 'WAITING')
                        returning fence, type, subject_id, current_step, attempt, step_started_at""")
                .param("id", id).param("seq", seq).param("now", ts(now))
                .query((rs, n) -> new Claim(id, seq, rs.getLong("fence"), rs.getString("type"),
                        rs.getObject("subject_id", UUID.class), rs.getString("current_step"), rs.getInt("attempt"),
                        rs.getTimestamp("step_started_at").toInstant()))
                .optional();
    }

    private boolean commit(Claim claim, WorkflowType type, Step step, StepOutcome outcome, Instant startedAt) {
        type.lockSubject(claim.subjectId()); // before the workflow row: see WorkflowType.lockSubject
        Optional<Long> fence = jdbc.sql("select fence from workflow where id = :id for update")
                .param("id", claim.workflowId()).query(Long.class).optional();
        if (fence.isEmpty() || fence.get() != claim.fence()) {
            return false;
        }
        apply(claim, type, step, outcome, startedAt, false);
        return true;
    }

    /**
     * Decides the current step of a workflow parked on a batch, as if the step had returned
     * {@code outcome} (call inside a transaction): only while it is still parked by execution
     * {@code seq} (not running, cancelled or decided meanwhile). The parked execution, now superseded,
     * is dropped unless a scheduler has picked it already (it then finds its sequence number gone).
     *
     * @return whether the outcome was committed
     */
    public boolean decideParked(UUID id, long seq, StepOutcome outcome, Instant startedAt) {
        lockSubjectOf(id);
        Optional<Claim> parked = jdbc.sql("""
                        select fence, type, subject_id, current_step, attempt, step_started_at from workflow
                        where id = :id and schedule_seq = :seq and status = 'WAITING' for update""")
                .param("id", id).param("seq", seq)
                .query((rs, n) -> new Claim(id, seq, rs.getLong("fence"), rs.getString("type"),
                        rs.getObject("subject_id", UUID.class), rs.getString("current_step"), rs.getInt("attempt"),
                        rs.getTimestamp("step_started_at").toInstant()))
                .optional();
        if (parked.isEmpty()) {
            return false;
        }
        Claim claim = parked.get();
        WorkflowType type = types().get(claim.type());
        Step step = type == null ? null : stepNamed(type, claim.step()).orElse(null);
        if (step == null) {
            return false; // its own execution ends it (STEP_UNKNOWN)
        }
        apply(claim, type, step, outcome, startedAt, true);
        jdbc.sql("delete from scheduled_tasks where task_name = :task and task_instance = :instance and picked = false")
                .param("task", task.getName()).param("instance", id + "/" + seq).update();
        metrics.stepExecuted(claim.type(), step.name(), outcomeName(outcome), Duration.ZERO);
        return true;
    }

    private void apply(Claim claim, WorkflowType type, Step step, StepOutcome outcome, Instant startedAt, boolean byBatch) {
        Instant now = clock.instant();
        List<Step> steps = type.steps();
        StepDecision.Position position = new StepDecision.Position(indexOf(steps, step.name()), steps.size(),
                step.name(), claim.attempt(), claim.stepStartedAt());
        StepDecision next = StepDecision.decide(position, step, outcome, now, random);
        long nextSeq = claim.seq() + 1;
        boolean clearError = outcome instanceof StepOutcome.Done;
        jdbc.sql("""
                        update workflow set status = :status, step_index = :index, current_step = :step, attempt = :attempt,
                               step_started_at = :stepStartedAt, next_attempt_at = :nextAttemptAt,
                               last_error_code = case when :clear then null else coalesce(cast(:code as text), last_error_code) end,
                               last_error_message = case when :clear then null
                                                         when cast(:code as text) is null then last_error_message
                                                         else cast(:message as text) end,
                               schedule_seq = :seq, updated_at = :now
                        where id = :id""")
                .param("id", claim.workflowId()).param("status", next.status().name()).param("index", next.stepIndex())
                .param("step", steps.get(next.stepIndex()).name()).param("attempt", next.attempt())
                .param("stepStartedAt", ts(next.stepStartedAt())).param("nextAttemptAt", ts(next.nextAttemptAt()))
                .param("clear", clearError).param("code", next.errorCode()).param("message", truncate(next.errorMessage()))
                .param("seq", nextSeq).param("now", ts(now))
                .update();
        history(claim.workflowId(), claim.seq(), step.name(), claim.attempt(), startedAt, now, next.historyOutcome(),
                next.errorCode(), next.errorMessage());
        outcome.inTransaction().run();
        WorkflowRef ref = new WorkflowRef(claim.workflowId(), claim.type(), claim.subjectId());
        switch (next.status()) {
            case RUNNING, WAITING -> schedule(claim.workflowId(), nextSeq, next.nextAttemptAt());
            case SUCCEEDED -> type.onSucceeded(ref);
            case FAILED -> type.onFailed(ref, next.errorCode(), next.errorMessage());
            case EXPIRED -> type.onExpired(ref, step.name());
            case CANCELLED -> throw new IllegalStateException("a step outcome never cancels");
        }
        if (outcome instanceof StepOutcome.Await await && next.status() == WorkflowStatus.WAITING) {
            parking.park(claim.workflowId(), nextSeq, await, !byBatch);
        } else if (byBatch || !next.status().isActive() || next.stepIndex() != position.stepIndex()) {
            parking.unpark(claim.workflowId());
        }
    }

    /** Schedules the execution in the current transaction (db-scheduler's DataSource joins it); wakes the poller after commit. */
    private void schedule(UUID id, long seq, Instant at) {
        scheduler.get().schedule(task.instance(id + "/" + seq, id.toString()), at);
        wakeUpAfterCommit(at);
    }

    private void wakeUpAfterCommit(Instant at) {
        if (!at.isAfter(clock.instant()) && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp.run();
                }
            });
        }
    }

    /**
     * Records an execution. A WAIT or THROTTLED that repeats the latest row (same step, attempt, outcome
     * and error) is counted into it ({@code times}, last {@code finished_at}) instead: a registration
     * re-checked for days keeps a handful of rows, not thousands.
     */
    private void history(UUID id, long seq, String step, int attempt, Instant startedAt, Instant finishedAt,
                         String outcome, String code, String message) {
        if (("WAIT".equals(outcome) || "THROTTLED".equals(outcome)) && jdbc.sql("""
                        update workflow_history set times = times + 1, finished_at = :finishedAt, error_message = :message
                        where workflow_id = :id
                          and seq = (select max(seq) from workflow_history where workflow_id = :id)
                          and step = :step and attempt = :attempt and outcome = :outcome
                          and error_code is not distinct from cast(:code as text)""")
                .param("id", id).param("step", step).param("attempt", attempt).param("outcome", outcome)
                .param("code", code).param("message", truncate(message)).param("finishedAt", ts(finishedAt))
                .update() == 1) {
            return;
        }
        jdbc.sql("""
                        insert into workflow_history (workflow_id, seq, step, attempt, started_at, finished_at, outcome,
                                                      error_code, error_message)
                        values (:id, :seq, :step, :attempt, :startedAt, :finishedAt, :outcome, :code, :message)""")
                .param("id", id).param("seq", seq).param("step", step).param("attempt", attempt)
                .param("startedAt", ts(startedAt)).param("finishedAt", ts(finishedAt)).param("outcome", outcome)
                .param("code", code).param("message", truncate(message))
                .update();
    }

    /** Type and subject never change, so reading them unlocked is safe. */
    private void lockSubjectOf(UUID id) {
        jdbc.sql("select type, subject_id from workflow where id = :id")
                .param("id", id)
                .query((rs, n) -> Map.entry(rs.getString("type"), rs.getObject("subject_id", UUID.class)))
                .optional()
                .ifPresent(row -> {
                    WorkflowType type = types().get(row.getKey());
                    if (type != null) {
                        type.lockSubject(row.getValue());
                    }
                });
    }

    private Optional<Row> lockRow(UUID id) {
        return jdbc.sql("""
                        select type, subject_id, status, current_step, attempt, schedule_seq, last_error_code, created_at
                        from workflow where id = :id for update""")
                .param("id", id)
                .query((rs, n) -> new Row(rs.getString("type"), rs.getObject("subject_id", UUID.class),
                        WorkflowStatus.valueOf(rs.getString("status")), rs.getString("current_step"),
                        rs.getInt("attempt"), rs.getLong("schedule_seq"), rs.getString("last_error_code"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private static String outcomeName(StepOutcome outcome) {
        return switch (outcome) {
            case StepOutcome.Done d -> "DONE";
            case StepOutcome.Wait w -> "WAIT";
            case StepOutcome.Await a -> "WAIT";
            case StepOutcome.Retry r -> "RETRY";
            case StepOutcome.Throttled t -> "THROTTLED";
            case StepOutcome.Fail f -> "FAIL";
        };
    }

    /** The step a workflow of {@code type} stored as its current one; empty when a deploy removed or renamed it. */
    static Optional<Step> stepNamed(WorkflowType type, String name) {
        List<Step> steps = type.steps();
        int index = indexOf(steps, name);
        return index < 0 ? Optional.empty() : Optional.of(steps.get(index));
    }

    /** By name: a type may build its steps afresh on every call (steps are not comparable by equality). */
    private static int indexOf(List<Step> steps, String name) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static Map<String, WorkflowType> index(List<WorkflowType> types) {
        for (WorkflowType type : types) {
            if (type.operatorOutcomes() == null) {
                throw new IllegalStateException("workflow type " + type.name() + " defines no operator outcomes "
                        + "(WorkflowType.operatorOutcomes): an operator's cancel would strand its subject in an "
                        + "in-progress status and a retry would run while it still says it failed");
            }
            if (type.steps().isEmpty()) {
                throw new IllegalStateException("workflow type " + type.name() + " has no steps");
            }
            long distinct = type.steps().stream().map(Step::name).distinct().count();
            if (distinct != type.steps().size()) {
                throw new IllegalStateException("workflow type " + type.name() + " has steps with the same name");
            }
        }
        return types.stream().collect(Collectors.toUnmodifiableMap(WorkflowType::name, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two workflow types are named " + a.name());
        }));
    }

    static java.sql.Timestamp ts(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    }

    /** Parks and releases workflows that await a batch, in the committing transaction. */
    interface Parking {
        Parking NONE = new Parking() {
            @Override
            public void park(UUID workflowId, long seq, StepOutcome.Await await, boolean byStep) {
                throw new IllegalStateException("no batches are configured: a step cannot await one");
            }

            @Override
            public void unpark(UUID workflowId) {
            }
        };

        /** @param byStep whether the step itself parked it (a new wait) rather than a batch keeping it parked */
        void park(UUID workflowId, long seq, StepOutcome.Await await, boolean byStep);

        void unpark(UUID workflowId);
    }

    private record Claim(UUID workflowId, long seq, long fence, String type, UUID subjectId, String step, int attempt,
                         Instant stepStartedAt) {
    }

    private record Row(String type, UUID subjectId, WorkflowStatus status, String currentStep, int attempt, long scheduleSeq,
                       String lastErrorCode, Instant createdAt) {
    }

    /**
     * Ends the live execution {@code seq} of an active workflow FAILED with {@code code}, in a fresh
     * transaction, calling its type's {@link WorkflowType#onFailed} so the subject says why. Should that
     * callback itself throw, the workflow is still ended (without it) and the failure logged once.
     *
     * @return whether it ended it (false: superseded, or finished meanwhile)
     */
    boolean end(UUID id, long seq, String code, String message) {
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> markFailed(id, seq, code, message, true)));
        } catch (OnFailedThrew e) {
            log.error("Workflow {}: its type's onFailed threw while ending it {}; ending it without", id, code, e.getCause());
            return Boolean.TRUE.equals(transactions.execute(status -> markFailed(id, seq, code, message, false)));
        }
    }

    private boolean markFailed(UUID id, long seq, String code, String message, boolean callback) {
        lockSubjectOf(id);
        Optional<Row> live = lockRow(id).filter(row -> row.status().isActive() && row.scheduleSeq() == seq);
        if (live.isEmpty()) {
            return false;
        }
        Row row = live.get();
        Instant now = clock.instant();
        jdbc.sql("""
                        update workflow set status = 'FAILED', fence = fence + 1, next_attempt_at = null,
                                            last_error_code = :code, last_error_message = :message, updated_at = :now
                        where id = :id""")
                .param("id", id).param("code", code).param("message", truncate(message)).param("now", ts(now)).update();
        history(id, seq, row.currentStep(), row.attempt(), now, now, "FAIL", code, message);
        parking.unpark(id);
        WorkflowType type = types().get(row.type());
        if (callback && type != null) {
            try {
                type.onFailed(new WorkflowRef(id, row.type(), row.subjectId()), code, message);
            } catch (RuntimeException e) {
                throw new OnFailedThrew(e);
            }
        }
        log.warn("Workflow {} ({}) ended FAILED: {}: {}", id, row.type(), code, message);
        return true;
    }

    private static final class OnFailedThrew extends RuntimeException {
        OnFailedThrew(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * When the engine itself fails (database unreachable, a callback threw), the execution is tried
     * again soon with a capped backoff; the step's own retry policy is for the step's outcomes only. A
     * failure that keeps coming back (a commit that always throws) would re-run the step, cloud call
     * included, forever: after {@link #maxEngineFailures} in a row the workflow ends FAILED with
     * {@code COMMIT_FAILED}. While the database itself is unreachable that end cannot commit either,
     * so the execution is kept and tried again.
     */
    private final class EngineErrorBackoff implements FailureHandler<String> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<String> operations) {
            String instance = complete.getExecution().taskInstance.getId();
            int failures = complete.getExecution().consecutiveFailures + 1;
            Throwable cause = complete.getCause().orElse(null);
            if (failures >= maxEngineFailures && giveUp(instance, failures, cause)) {
                operations.remove();
                return;
            }
            Duration delay = engineBackoff.multipliedBy(1L << Math.min(failures, 5));
            log.warn("Workflow execution {} failed ({} in a row); again in {}", instance, failures, delay, cause);
            operations.reschedule(complete, complete.getTimeDone().plus(delay));
        }

        private boolean giveUp(String instance, int failures, Throwable cause) {
            int slash = instance.lastIndexOf('/');
            try {
                end(UUID.fromString(instance.substring(0, slash)), Long.parseLong(instance.substring(slash + 1)),
                        "COMMIT_FAILED", "the engine failed to run or commit this step " + failures + " times in a row; last: "
                                + (cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                return true;
            } catch (RuntimeException stillFailing) {
                log.warn("Workflow execution {}: could not end it after {} failures; again later", instance, failures, stillFailing);
                return false;
            }
        }
    }
}
