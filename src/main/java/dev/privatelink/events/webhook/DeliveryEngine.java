package dev.privatelink.events.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.privatelink.events.outbox.EventHousekeeping;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers webhooks on a db-scheduler of its own (table {@code webhook_scheduled_tasks}, its own
 * virtual threads), so that receivers that are slow or down never take the threads of the workflow
 * steps, and every delivery survives a crash: its lane is picked up again by any replica.
 *
 * <p>A lane is one subscription's deliveries for one resource (subject). Its execution sends them one
 * after the other, lowest change number first, and stops at the first that fails: that one is retried
 * with exponential backoff and jitter until its retry window closes (then it is FAILED and the lane moves
 * on), so a receiver sees each resource's changes in order. A change whose predecessor has not been
 * recorded yet (its event is still on its way through the outbox) waits for it, at most
 * {@code orderGapWait}. A subscription whose deliveries have failed without a success for
 * {@code disableAfter} is disabled with the reason.
 */
@Component
public class DeliveryEngine implements SmartLifecycle {

    static final String LANE_TASK = "webhook-lane";
    private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final int DELIVERIES_PER_RUN = 50;
    private static final Duration GAP_RECHECK = Duration.ofMillis(250);

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final MeterRegistry meters;
    private final CustomTask<Void> lane;
    private final Supplier<Scheduler> newScheduler;
    /** A fresh one on every start: a stopped db-scheduler cannot start again (its executors are shut down). */
    private volatile Scheduler scheduler;
    private volatile boolean running;

    DeliveryEngine(DataSource dataSource, Deliveries deliveries, Subscriptions subscriptions, WebhookSender sender,
                   WebhookSettings settings, EventHousekeeping housekeeping, PlatformTransactionManager transactionManager,
                   Clock clock, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.meters = meters;
        this.lane = Tasks.custom(LANE_TASK, Void.class)
                .onFailureReschedule(FixedDelay.ofSeconds(5)) // the engine itself failed (database away): soon again
                .onDeadExecutionRevive()
                .execute((instance, context) -> run(Delivery.Lane.parse(instance.getId())));
        List<RecurringTask<Void>> housekeepingTasks = List.of(
                Tasks.recurring("webhook-lane-sweep", FixedDelay.of(settings.sweepInterval()))
                        .execute((instance, context) -> sweep()),
                Tasks.recurring("event-publication-resubmit", FixedDelay.of(housekeeping.resubmitEvery()))
                        .execute((instance, context) -> housekeeping.resubmitIncomplete()),
                Tasks.recurring("events-purge", FixedDelay.ofHours(1))
                        .execute((instance, context) -> {
                            housekeeping.purgeCompletedPublications();
                            deliveries.purge(clock.instant().minus(settings.keep()));
                        }));
        this.newScheduler = () -> Scheduler.create(dataSource, List.of(lane))
                .startTasks(housekeepingTasks)
                .tableName("webhook_scheduled_tasks")
                .threads(settings.threads())
                .executorService(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory()))
                .pollingInterval(settings.pollingInterval())
                .pollUsingLockAndFetch(0.5, 1.0)
                .heartbeatInterval(Duration.ofSeconds(4))
                .missedHeartbeatsLimit(4)
                .serializer(new Jackson3Serializer())
                .clock(clock::instant)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Creates a delivery of a recorded event for every subscription that asked for its type, in the
     * caller's transaction; their lanes run once it commits (a disabled subscription's once it is enabled).
     */
    public void fanOut(UUID eventId, String subject, Instant now) {
        for (UUID subscriptionId : deliveries.fanOut(eventId, now, settings.retryFor())) {
            schedule(new Delivery.Lane(subscriptionId, subject));
        }
    }

    /**
     * Makes sure the lane runs once the caller's transaction has committed (at once when there is none).
     * Its execution is created after the commit, on a connection of its own: two transactions scheduling
     * the same lane at once would otherwise collide inside db-scheduler's insert, and the loser's whole
     * transaction would be aborted with it. Should the process die in between, the sweep finds the lane.
     */
    void schedule(Delivery.Lane toRun) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduleNow(toRun);
                }
            });
        } else {
            scheduleNow(toRun);
        }
    }

    private void scheduleNow(Delivery.Lane toRun) {
        Scheduler current = scheduler;
        if (current == null) {
            return; // not started yet: its start-up sweep finds the lane
        }
        try {
            current.scheduleIfNotExists(lane.instance(toRun.id()), clock.instant());
            current.triggerCheckForDueExecutions();
        } catch (RuntimeException e) {
            log.warn("Could not schedule webhook lane {} now; the sweep will: {}", toRun.id(), e.toString());
        }
    }

    private CompletionHandler<Void> run(Delivery.Lane current) {
        for (int i = 0; i < DELIVERIES_PER_RUN; i++) {
            Deliveries.Due due = deliveries.head(current).orElse(null);
            Instant now = clock.instant();
            if (due == null || !due.subscriptionActive()) {
                return doneUnlessMoreArrived(current);
            }
            if (due.delivery().nextAttemptAt().isAfter(now)) {
                return again(due.delivery().nextAttemptAt());
            }
            if (!due.predecessorRecorded() && due.recordedAt().isAfter(now.minus(settings.orderGapWait()))) {
                return again(now.plus(GAP_RECHECK)); // the previous change is still on its way: keep the order
            }
            long began = System.nanoTime();
            WebhookSender.Attempt attempt = sender.send(due.url(), due.secret(), due.delivery().eventId(), due.body());
            meters.timer("privatelink.webhook.delivery.duration").record(Duration.ofNanos(System.nanoTime() - began));
            Instant next = transactions.execute(status -> record(due.delivery(), attempt, clock.instant()));
            if (next != null) {
                return again(next);
            }
        }
        return again(clock.instant()); // a long lane: let the others have their turn
    }

    /** @return when to try this delivery again; {@code null} when the lane may go on */
    private Instant record(Delivery delivery, WebhookSender.Attempt attempt, Instant now) {
        if (attempt.delivered()) {
            deliveries.delivered(delivery.id(), attempt.code(), now);
            subscriptions.succeeded(delivery.subscriptionId());
            meters.counter("privatelink.webhook.deliveries", "outcome", "delivered").increment();
            return null;
        }
        boolean giveUp = !now.isBefore(delivery.retryUntil());
        Instant next = giveUp ? null : min(now.plus(backoff(delivery.attempts() + 1)), delivery.retryUntil());
        deliveries.attemptFailed(delivery.id(), attempt.code(), attempt.error(), now, next);
        meters.counter("privatelink.webhook.deliveries", "outcome", giveUp ? "given_up" : "failed_attempt").increment();
        if (subscriptions.failed(delivery.subscriptionId(), now, settings.disableAfter(), attempt.describe())) {
            log.warn("Webhook subscription {} disabled: its deliveries have failed for {} (last: {})",
                    delivery.subscriptionId(), settings.disableAfter(), attempt.describe());
            return null; // the lane stops at its disabled subscription
        }
        return next;
    }

    /** {@code firstRetry · 2^(attempt-1)}, at most {@code maxRetryDelay}, with up to half of it taken off at random. */
    private Duration backoff(int attempt) {
        long base = settings.firstRetry().toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, settings.maxRetryDelay().toMillis());
        return Duration.ofMillis(capped / 2 + random.nextLong(capped / 2 + 1));
    }

    private CompletionHandler<Void> again(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    /** Done; but a delivery committed while this execution was finishing would find it still there and not schedule it. */
    private CompletionHandler<Void> doneUnlessMoreArrived(Delivery.Lane current) {
        return (complete, operations) -> {
            operations.remove();
            if (deliveries.hasDue(current, clock.instant())) {
                schedule(current);
            }
        };
    }

    /** Restarts lanes whose deliveries are due but that nothing is scheduled for (a wake-up lost in a race). */
    void sweep() {
        List<Delivery.Lane> stranded = deliveries.stranded(clock.instant().minus(settings.sweepInterval()), LANE_TASK);
        if (!stranded.isEmpty()) {
            log.info("Restarting {} webhook delivery lanes that had nothing scheduled", stranded.size());
            stranded.forEach(this::schedule);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public void start() {
        scheduler = newScheduler.get();
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
