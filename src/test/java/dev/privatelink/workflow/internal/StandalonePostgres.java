package dev.privatelink.workflow.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/** A PostgreSQL of a test's own, on a fixed data directory and port so it can be stopped and started again. */
final class StandalonePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    StandalonePostgres(Path dataDirectory, int port) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = port;
        start(); // never "clean": zonky would delete the data directory when the server stops
    }

    void start() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(60)).setServerConfig("max_connections", "100").start();
    }

    void stop() throws IOException {
        server.close();
    }

    /** A pool that, like the application's, reconnects by itself once the server is back. */
    HikariDataSource migratedPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(2000);
        HikariDataSource pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return pool;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

}
