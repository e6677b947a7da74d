package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.support.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, each with its own connection pool, guard and breaker, calling the same cloud account
 * at once: together they make no more calls than one budget holds, because the budget is counted in
 * the shared PostgreSQL.
 */
@IntegrationTest
class SharedRateBudgetsIntegrationTests {

    private static final int THREADS_PER_REPLICA = 6;

    @Autowired
    Environment environment;
    @Autowired
    RateBudgets applicationBudgets;
    @Autowired
    CloudCallGuard applicationGuard;
    @Autowired
    JdbcClient jdbc;

    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    /** A replica's guard: a pool of its own on the service's database, budgets derived from {@code bucket}. */
    private CloudCallGuard replica(String name, ApiClass apiClass, ResilienceProperties.CloudBucket bucket) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
        config.setUsername(environment.getProperty("spring.datasource.username"));
        config.setPassword(environment.getProperty("spring.datasource.password"));
        config.setMaximumPoolSize(THREADS_PER_REPLICA);
        config.setPoolName(name);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return new CloudCallGuard(ResilienceProperties.defaults().withBuckets(Map.of(apiClass, bucket)),
                new SharedRateBudgets(pool), new SimpleMeterRegistry());
    }

    private static CallSite site(String account) {
        return new CallSite(CloudProvider.AWS, account, "us-west-2", ApiClass.AWS_EC2_DESCRIBE, "DescribeVpcEndpointConnections");
    }

    /** Every replica's threads call until {@code deadlineNanos} or {@code attemptsPerThread}; counts the calls made. */
    private static Result hammer(List<CloudCallGuard> replicas, CallSite site, int attemptsPerThread, long deadlineNanos)
            throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (CloudCallGuard guard : replicas) {
            for (int t = 0; t < THREADS_PER_REPLICA; t++) {
                workers.add(() -> {
                    for (int i = 0; i < attemptsPerThread && System.nanoTime() < deadlineNanos; i++) {
                        try {
                            guard.call(site, made::incrementAndGet, (s, e) -> (CloudException) e);
                        } catch (CloudException e) {
                            assertThat(e.kind()).isEqualTo(CloudErrorKind.UNAVAILABLE);
                            assertThat(e.code()).isEqualTo("RateBudgetExhausted");
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(workers.size())) {
            for (Future<Void> worker : pool.invokeAll(workers)) {
                worker.get();
            }
        }
        return new Result(made.get(), refused.get());
    }

    private record Result(int made, int refused) {
    }

    @Test
    void twoReplicasTogetherStayInsideOneBudget() throws Exception {
        // a bucket that hardly refills during the test: the budget is its first window, 45 permits
        ResilienceProperties.CloudBucket bucket = new ResilienceProperties.CloudBucket(100, 0.001);
        CloudCallGuard first = replica("replica-1", ApiClass.AWS_EC2_DESCRIBE, bucket);
        CloudCallGuard second = replica("replica-2", ApiClass.AWS_EC2_DESCRIBE, bucket);
        ApiClass.Window window = first.budget(ApiClass.AWS_EC2_DESCRIBE);
        assertThat(window.permits()).isEqualTo(45);
        assertThat(window.period()).isGreaterThan(Duration.ofHours(1));

        int attemptsPerThread = 20; // 240 attempts in all, more than five times the budget
        Result result = hammer(List.of(first, second), site("acct-" + UUID.randomUUID()), attemptsPerThread, Long.MAX_VALUE);

        System.out.printf("Shared budget, 2 replicas x %d threads: %d of %d attempts made, budget %s%n",
                THREADS_PER_REPLICA, result.made(), result.made() + result.refused(), window);
        assertThat(result.made()).as("calls made by both replicas together").isEqualTo(window.permits());
        assertThat(result.refused()).isEqualTo(2 * THREADS_PER_REPLICA * attemptsPerThread - window.permits());
    }

    @Test
    void refilledPermitsAreSharedTooAndNeverExceedTheWindows() throws Exception {
        // 9 permits every 500 ms: several refills happen while both replicas keep calling
        ResilienceProperties.CloudBucket bucket = new ResilienceProperties.CloudBucket(20, 20.0);
        CloudCallGuard first = replica("replica-1", ApiClass.AWS_EC2_DESCRIBE, bucket);
        CloudCallGuard second = replica("replica-2", ApiClass.AWS_EC2_DESCRIBE, bucket);
        ApiClass.Window window = first.budget(ApiClass.AWS_EC2_DESCRIBE);
        assertThat(window.permits()).isEqualTo(9);
        assertThat(window.period()).isEqualTo(Duration.ofMillis(500));

        long start = System.nanoTime();
        Result result = hammer(List.of(first, second), site("acct-" + UUID.randomUUID()), Integer.MAX_VALUE,
                start + Duration.ofMillis(2_200).toNanos());
        long elapsed = System.nanoTime() - start;

        // the bucket starts full and gets a full window back once per period since its creation
        long windows = 1 + elapsed / window.period().toNanos();
        System.out.printf("Shared budget with refills, 2 replicas: %d calls made in %d ms (%d refused), at most %d allowed%n",
                result.made(), Duration.ofNanos(elapsed).toMillis(), result.refused(), windows * window.permits());
        assertThat(result.made()).isLessThanOrEqualTo((int) (windows * window.permits()))
                .as("refills reach both replicas").isGreaterThan(window.permits());
    }

    @Test
    void theServiceCountsItsBudgetsInPostgres() {
        assertThat(applicationBudgets).isInstanceOf(SharedRateBudgets.class);
        String account = "acct-" + UUID.randomUUID();

        applicationGuard.call(site(account), () -> "listed", (s, e) -> (CloudException) e);

        assertThat(jdbc.sql("select count(*) from cloud_rate_budget where id like :prefix")
                .param("prefix", "aws:" + account + ":us-west-2:AWS_EC2_DESCRIBE:%").query(Integer.class).single())
                .isEqualTo(1);
    }
}
