package dev.privatelink.cloud.resilience;

import java.time.Duration;
import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's budgets live in PostgreSQL, shared by every replica; a recurring task drops full ones. */
@Configuration(proxyBeanMethods = false)
class RateBudgetConfiguration {

    static final String CLEANUP_TASK = "cloud-rate-budget-cleanup";
    private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);

    @Bean
    SharedRateBudgets sharedRateBudgets(DataSource dataSource) {
        return new SharedRateBudgets(dataSource);
    }

    /** Full buckets hold nothing worth keeping; db-scheduler runs this on one replica at a time. */
    @Bean
    RecurringTask<Void> cloudRateBudgetCleanupTask(SharedRateBudgets budgets) {
        return Tasks.recurring(CLEANUP_TASK, FixedDelay.of(CLEANUP_INTERVAL))
                .execute((instance, context) -> {
                    while (budgets.removeExpired(500) == 500) {
                        // another batch
                    }
                });
    }
}
