package dev.privatelink.database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on its embedded default, killed with SIGKILL and started again from the same
 * directory, comes back with every record (run by failsafe after {@code package}).
 */
class KillAndRestartJarTests {

    // generous: a machine busy with other builds can take minutes to start the jar; start-up time is measured elsewhere
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("dev-admin-key:dev-admin-secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path workingDirectory;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process service;

    @Test
    void everyRecordSurvivesAKillDashNine() throws Exception {
        int port = PackagedJar.freePort();
        service = start(port, "first.log");
        String orgId = firstOrganizationId(port);
        String created = send(port, "POST", "/v1/organizations/" + orgId + "/services",
                "{\"name\":\"survivor\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"PRODUCTION\"}");
        assertThat(created).contains("\"survivor\"");

        service.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, the postmaster is left behind
        service.waitFor();
        assertThat(Files.exists(workingDirectory.resolve(".data/postgres/postmaster.pid"))).isTrue();

        service = start(port, "second.log");

        assertThat(send(port, "GET", "/v1/organizations/" + orgId + "/services", null)).contains("\"survivor\"");
        assertThat(firstOrganizationId(port)).as("the development organization is not created twice").isEqualTo(orgId);
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy(); // SIGTERM: graceful shutdown stops the embedded PostgreSQL too
            service.waitFor();
        }
        Path pidFile = workingDirectory.resolve(".data/postgres/postmaster.pid");
        if (Files.exists(pidFile)) { // never leave a server behind, whatever happened above
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private Process start(int port, String log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PackagedJar.command(List.of(), "--server.port=" + port))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workingDirectory.resolve(log).toFile())
                .start();
        Instant begin = Instant.now();
        Instant deadline = begin.plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("service exited; see " + workingDirectory.resolve(log) + ":\n"
                    + PackagedJar.tail(workingDirectory.resolve(log))).isTrue();
            if (ready(port)) {
                System.out.printf("%s: ready in %d ms%n", log, Duration.between(begin, Instant.now()).toMillis());
                return process;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service not ready within " + START_TIMEOUT + ":\n" + PackagedJar.tail(workingDirectory.resolve(log)));
    }

    private boolean ready(int port) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String firstOrganizationId(int port) throws Exception {
        String body = send(port, "GET", "/v1/organizations", null);
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }

    private String send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", ADMIN);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }
}
