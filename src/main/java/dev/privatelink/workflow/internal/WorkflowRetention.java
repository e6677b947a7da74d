package dev.privatelink.workflow.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finished workflows (succeeded, failed, expired, cancelled) are kept for
 * {@link Settings#finished()} after their last change, then deleted with their history (the
 * history's foreign key cascades), in batches so that no delete holds many locks at once. Running
 * and waiting workflows are never touched, however old. A failed workflow can be retried by an
 * operator only while it is kept.
 */
@Component
public class WorkflowRetention {

    private static final Logger log = LoggerFactory.getLogger(WorkflowRetention.class);
    static final String TASK_NAME = "workflow-retention";
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final int BATCH = 500;

    /**
     * Retention of finished workflows ({@code privatelink.workflow.retention.*}).
     *
     * @param finished how long a finished workflow and its history are kept after its last change
     */
    @ConfigurationProperties("privatelink.workflow.retention")
    public record Settings(@DefaultValue("30d") Duration finished) {

        public Settings {
            if (finished.isNegative() || finished.isZero()) {
                throw new IllegalArgumentException("privatelink.workflow.retention.finished must be positive");
            }
        }
    }

    private final JdbcClient jdbc;
    private final Settings settings;

    WorkflowRetention(JdbcClient jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Deletes the workflows finished before {@code now} minus the retention; returns how many. */
    public int purge(Instant now) {
        Timestamp cutoff = Timestamp.from(now.minus(settings.finished()));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            delete from workflow where id in (
                                select id from workflow
                                where status in ('SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED') and updated_at < :cutoff
                                limit :batch)""")
                    .param("cutoff", cutoff).param("batch", BATCH).update();
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("Deleted {} workflows finished before {} with their history", total, cutoff.toInstant());
        }
        return total;
    }

    /** The purge as a db-scheduler recurring task, run by one replica at a time. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Settings.class)
    static class Schedule {

        @Bean
        RecurringTask<Void> workflowRetentionTask(WorkflowRetention retention, Clock clock) {
            return Tasks.recurring(TASK_NAME, FixedDelay.of(INTERVAL))
                    .execute((instance, context) -> retention.purge(clock.instant()));
        }
    }
}
