package dev.privatelink.database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on a PostgreSQL the test owns: the test can stop and start the database under the
 * running service, look into it, and kill the service. Used by the failsafe (jar) tests.
 */
final class JarOnOwnPostgres implements AutoCloseable {

    static final String ADMIN_KEY = "jar-admin";
    static final String ADMIN_SECRET = "jar-admin-secret-0123456789";
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString((ADMIN_KEY + ":" + ADMIN_SECRET)
            .getBytes(StandardCharsets.UTF_8));
    static final String OPERATOR_KEY = "jar-operator";
    static final String OPERATOR_SECRET = "jar-operator-secret-0123456789";
    static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString((OPERATOR_KEY + ":" + OPERATOR_SECRET)
            .getBytes(StandardCharsets.UTF_8));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path directory;
    /** Logs outlive the test's directory: target/jar-logs, for a failure to be read afterwards. */
    private final Path logs;
    private final int databasePort;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedPostgres postgres;
    private Process service;

    JarOnOwnPostgres(Path directory) throws IOException {
        this.directory = directory;
        this.logs = Files.createDirectories(Path.of("target", "jar-logs", directory.getFileName().toString())).toAbsolutePath();
        this.databasePort = PackagedJar.freePort();
        this.port = PackagedJar.freePort();
    }

    int port() {
        return port;
    }

    HttpClient http() {
        return http;
    }

    /** Starts (or starts again, on the same data and port) the database. */
    void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // a backend whose client died mid-statement notices at once, as after a real crash
                .setServerConfig("client_connection_check_interval", "200ms")
                .start();
    }

    /** Stops the database the way an operator or a failover would: the server goes away, connections break. */
    void stopDatabase() throws IOException {
        postgres.close();
        postgres = null;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort + "/postgres", "postgres", "postgres");
    }

    /** Starts the service, logging to {@code log} (appended to: a restart continues the same file if named so). */
    void startService(String log, String... settings) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(PackagedJar.command(List.of(), "--server.port=" + port,
                "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--privatelink.bootstrap.org-name=jar", "--privatelink.bootstrap.admin-key-id=" + ADMIN_KEY,
                "--privatelink.bootstrap.admin-key-secret=" + ADMIN_SECRET,
                "--privatelink.bootstrap.operator-key-id=" + OPERATOR_KEY,
                "--privatelink.bootstrap.operator-key-secret=" + OPERATOR_SECRET));
        command.addAll(List.of(settings));
        service = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(log).toFile()))
                .start();
        Instant begin = Instant.now();
        while (Duration.between(begin, Instant.now()).compareTo(START_TIMEOUT) < 0) {
            assertThat(service.isAlive()).as("service exited:\n" + tail(log)).isTrue();
            if (readiness() == 200) {
                System.out.printf("%s: ready in %d ms%n", log, Duration.between(begin, Instant.now()).toMillis());
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service not ready within " + START_TIMEOUT + ":\n" + tail(log));
    }

    /** SIGKILL: no shutdown hook, no rollback sent, the connections simply drop. */
    void killService() throws InterruptedException {
        service.toHandle().destroyForcibly();
        service.waitFor();
    }

    /** The readiness probe's status; 0 when the service does not answer. */
    int readiness() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return 0;
        }
    }

    HttpResponse<String> send(String method, String path, String json, String idempotencyKey) throws IOException, InterruptedException {
        return send(ADMIN, method, path, json, idempotencyKey);
    }

    /** As {@code authorization} ({@link #ADMIN} of the organization, or the platform's {@link #OPERATOR}). */
    HttpResponse<String> send(String authorization, String method, String path, String json, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String organizationId() throws IOException, InterruptedException {
        String body = send("GET", "/v1/organizations", null, null).body();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }

    /** Every line a service's log holds so far. */
    List<String> lines(String log) throws IOException {
        return Files.readAllLines(logs.resolve(log));
    }

    String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
