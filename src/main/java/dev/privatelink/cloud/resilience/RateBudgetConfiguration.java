package dev.privatelink.cloud.resilience;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The service's budgets live in PostgreSQL, shared by every replica; a recurring task drops full ones.
 *
 * <p>Permits are taken on a small pool of their own. Cloud calls are made from request threads too,
 * some inside a transaction (the diagnosis): on the service's pool such a call would wait for a second
 * connection while holding one, and a burst of requests holding every connection would starve all
 * cloud calls. A permit that cannot get a connection within {@link #BUDGET_CONNECTION_TIMEOUT} is
 * refused and the step rescheduled, rather than a thread blocked.
 */
@Configuration(proxyBeanMethods = false)
class RateBudgetConfiguration {

    static final String CLEANUP_TASK = "cloud-rate-budget-cleanup";
    private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);
    /** Connections per replica; a permit's transaction takes well under a millisecond of PostgreSQL's time. */
    private static final int BUDGET_POOL_SIZE = 4;
    private static final Duration BUDGET_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    /** Not a DataSource bean: one would replace the service's own auto-configured DataSource. */
    private static HikariDataSource budgetPool(Environment environment) {
        HikariDataSource pool = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(environment.getRequiredProperty("spring.datasource.url"))
                .username(environment.getProperty("spring.datasource.username"))
                .password(environment.getProperty("spring.datasource.password"))
                .build();
        pool.setPoolName("cloud-rate-budgets");
        pool.setMaximumPoolSize(BUDGET_POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(BUDGET_CONNECTION_TIMEOUT.toMillis());
        return pool;
    }

    @Bean(destroyMethod = "close")
    SharedRateBudgets sharedRateBudgets(Environment environment) {
        HikariDataSource pool = budgetPool(environment);
        return new SharedRateBudgets(pool, pool::close);
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
