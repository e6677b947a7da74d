package dev.privatelink.sandbox.model;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox ledger records every call (a long benchmark writes millions of rows); rows older than
 * {@link Settings#retention()} are deleted in batches by a recurring db-scheduler task.
 */
@Component
public class SandboxLedgerRetention {

    static final String TASK_NAME = "sandbox-ledger-retention";
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final int BATCH = 5_000;

    /**
     * Retention of the sandbox ledger ({@code privatelink.sandbox.ledger.*}).
     *
     * @param retention how long a recorded call is kept
     */
    @ConfigurationProperties("privatelink.sandbox.ledger")
    public record Settings(@DefaultValue("7d") Duration retention) {

        public Settings {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("privatelink.sandbox.ledger.retention must be positive");
            }
        }
    }

    private final JdbcClient jdbc;
    private final Settings settings;

    SandboxLedgerRetention(JdbcClient jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Deletes the calls recorded before {@code now} minus the retention; returns how many. */
    public int purge(Instant now) {
        Timestamp cutoff = Timestamp.from(now.minus(settings.retention()));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("delete from sandbox_ledger where id in (select id from sandbox_ledger where at < :cutoff limit :batch)")
                    .param("cutoff", cutoff).param("batch", BATCH).update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** The purge as a db-scheduler recurring task, run by one replica at a time. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Settings.class)
    static class Schedule {

        @Bean
        RecurringTask<Void> sandboxLedgerRetentionTask(SandboxLedgerRetention retention, Clock clock) {
            return Tasks.recurring(TASK_NAME, FixedDelay.of(INTERVAL))
                    .execute((instance, context) -> retention.purge(clock.instant()));
        }
    }
}
