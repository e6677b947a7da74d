package dev.privatelink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An embedded PostgreSQL of its own, for the few test contexts that differ from the shared one
 * (real cloud adapters against stubs). Contexts on one database share db-scheduler's table, so each
 * would run the others' workflow steps with its own cloud backends; and the endpoint services one
 * registers would be candidates in the other. Such a context also has to be closed after its class
 * ({@code @DirtiesContext}), so that its scheduler stops.
 */
public final class SeparateDatabase {

    private SeparateDatabase() {
    }

    public static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going down
                }
            }));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Points the context's datasource at {@code postgres}. The embedded default then starts nothing,
     * and the development keys the tests use are still created on this database.
     */
    public static void register(DynamicPropertyRegistry registry, EmbeddedPostgres postgres) {
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("privatelink.embedded-postgres.active", () -> "true");
    }
}
