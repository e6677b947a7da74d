package dev.privatelink.database;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether the database answers, known without waiting for it. A probe on a connection of its own (outside
 * the pool, with short timeouts) checks every second, every quarter second while the database is away;
 * a request that fails to reach it reports so at once. While it is unavailable, API requests answer 503
 * with {@code Retry-After} at once instead of waiting for a pooled connection, readiness (this is its
 * {@code db} component) is DOWN, and both recover by themselves when the probe gets through again.
 */
@Component("dbHealthIndicator")
public class DatabaseAvailability implements HealthIndicator, SmartLifecycle {

    /** What a caller is told to wait before retrying while the database is unavailable. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** What a caller is told while the database is unavailable (503). */
    public static final String REFUSAL = "the database is unavailable; retry in " + RETRY_AFTER.toSeconds()
            + " s (with the same Idempotency-Key a retried change is made at most once)";

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration RECHECK_INTERVAL = Duration.ofMillis(250);
    private static final int TIMEOUT_SECONDS = 2;
    /** Opening a connection may take longer on a busy host than a check of an open one: not an outage yet. */
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>();
    private volatile ScheduledExecutorService probe;
    private volatile boolean running;
    private Connection connection;

    /** Since when, and why, the database is unavailable. */
    public record Outage(Instant since, String reason) {
    }

    DatabaseAvailability(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The current outage; empty while the database answers. */
    public Optional<Outage> outage() {
        return Optional.ofNullable(outage.get());
    }

    /**
     * Reports a failure met while using the database: when it means the database cannot be reached, requests
     * answer 503 from now until the probe gets through again.
     */
    public void failed(Throwable failure) {
        if (isUnreachable(failure)) {
            unavailable(describe(failure));
        }
    }

    /**
     * Whether a failure means the database cannot serve the request right now, so the caller should retry
     * later (503): it cannot be reached, no pooled connection came free in time, or the connection failed
     * (a resource failure, or no transaction could begin on it).
     */
    public static boolean meansUnavailable(Throwable failure) {
        if (isUnreachable(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure means the database cannot be reached: a connection error (SQLSTATE class 08), a
     * server shutting down or starting (57P01 to 57P03), or the network failing under the driver.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (t instanceof SocketException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public Health health() {
        Outage current = outage.get();
        return current == null ? Health.up().build()
                : Health.down().withDetail("since", current.since().toString()).withDetail("reason", current.reason()).build();
    }

    /**
     * Whether a failure met while serving a request is the database being unavailable, so that the caller
     * should retry later (503). A failure that says so itself counts at once; a JDBC failure that does not
     * (a rollback on a connection that broke meanwhile, whose first error was lost) is settled by checking
     * the database right now.
     */
    public boolean explains(Throwable failure) {
        if (meansUnavailable(failure)) {
            failed(failure);
            return true;
        }
        if (outage.get() != null) {
            return true;
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                probe();
                return outage.get() != null;
            }
        }
        return false;
    }

    /** One check, then the next one scheduled. */
    void check() {
        probe();
        ScheduledExecutorService next = probe;
        if (running) {
            try {
                next.schedule(this::check, (outage.get() == null ? CHECK_INTERVAL : RECHECK_INTERVAL).toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // stopped meanwhile: the next start schedules its own checks
            }
        }
    }

    /** One check: on success the outage (if any) ends; a failure to reach the database starts one. */
    private synchronized void probe() {
        try {
            if (connection == null || !connection.isValid(TIMEOUT_SECONDS)) {
                closeConnection();
                connection = connect();
            }
            Outage ended = outage.getAndSet(null);
            if (ended != null) {
                log.info("The database answers again, after {} s; API requests are served again",
                        Duration.between(ended.since(), clock.instant()).toMillis() / 1000.0);
            }
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            if (isUnreachable(e)) {
                unavailable(describe(e));
            } else if (outage.get() == null) {
                // e.g. too many connections: the pool may still serve requests, so nothing is refused
                log.warn("The database availability check could not run: {}", describe(e));
            }
        }
    }

    private void unavailable(String reason) {
        if (outage.compareAndSet(null, new Outage(clock.instant(), reason))) {
            log.warn("The database cannot be reached ({}); API requests answer 503 until it is back", reason);
        }
    }

    /** A connection like the pool's, but with timeouts short enough that a check never hangs. */
    private Connection connect() throws SQLException {
        if (!(dataSource instanceof HikariDataSource pool) || pool.getJdbcUrl() == null) {
            return dataSource.getConnection();
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS + 1));
        properties.setProperty("ApplicationName", "privatelink availability check");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
            connection = null;
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Starts the checks; again after a stop too (a paused test context is started again). */
    @Override
    public synchronized void start() {
        probe = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("database-availability").factory());
        running = true;
        probe.execute(this::check);
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService stopped = probe;
        stopped.shutdownNow();
        try {
            stopped.awaitTermination(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
