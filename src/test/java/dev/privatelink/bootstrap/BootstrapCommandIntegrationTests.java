package dev.privatelink.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.privatelink.ControlPlaneApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's first start on their own PostgreSQL: the service warns once that nobody can log in and
 * says how to fix it, the one-off bootstrap command creates the first organization and keys and prints
 * their secrets, and the running service lets those keys in. Service and command run as processes of
 * their own, as an operator runs them, on a PostgreSQL started here (not the suite's shared one).
 */
class BootstrapCommandIntegrationTests {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Pattern KEY = Pattern.compile("(ADMIN|OPERATOR) key created: --user '([^:']+):([^']+)'");

    @TempDir
    Path workingDirectory;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedPostgres postgres;
    private Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anEmptyDatabaseIsAnnouncedAndTheBootstrapCommandLetsTheOperatorIn() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        int port = freePort();
        service = start(port);

        String log = Files.readString(workingDirectory.resolve("service.log"));
        List<String> warnings = log.lines().filter(l -> l.contains("WARN") && l.contains("every API request will answer 401")).toList();
        assertThat(warnings).as("one warning:\n" + log).hasSize(1);
        assertThat(warnings.getFirst()).contains("no organization and no OPERATOR key", "bootstrap --org-name=",
                "PRIVATELINK_BOOTSTRAP_ORG_NAME");
        assertThat(get(port, "/v1/organizations", "dev-admin-key", "dev-admin-secret").statusCode())
                .as("no development credentials on an external database").isEqualTo(401);

        Command first = bootstrap("--org-name=acme", "--org-plan=ENTERPRISE");
        assertThat(first.exitStatus()).as(first.output()).isZero();
        assertThat(first.output()).contains("Organization 'acme'", "plan ENTERPRISE", "created");
        Map<String, String[]> keys = keys(first.output());
        assertThat(keys).as(first.output()).containsOnlyKeys("ADMIN", "OPERATOR");
        assertThat(keys.get("ADMIN")[0]).isEqualTo("acme-admin");
        assertThat(keys.get("OPERATOR")[0]).isEqualTo("platform-operator");

        HttpResponse<String> asAdmin = get(port, "/v1/organizations", keys.get("ADMIN")[0], keys.get("ADMIN")[1]);
        assertThat(asAdmin.statusCode()).as(asAdmin.body()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("\"name\":\"acme\"");
        HttpResponse<String> asOperator = get(port, "/v1/organizations", keys.get("OPERATOR")[0], keys.get("OPERATOR")[1]);
        assertThat(asOperator.statusCode()).as(asOperator.body()).isEqualTo(200);

        Command again = bootstrap("--org-name=acme");
        assertThat(again.exitStatus()).as(again.output()).isZero();
        assertThat(again.output()).contains("exists already").doesNotContain("key created");
        assertThat(get(port, "/v1/organizations", keys.get("ADMIN")[0], keys.get("ADMIN")[1]).statusCode())
                .as("the first secret still works").isEqualTo(200);
    }

    @Test
    void badUsageExplainsItself() throws Exception {
        Command missingName = bootstrap("--org-plan=SCALE");
        assertThat(missingName.exitStatus()).isEqualTo(2);
        assertThat(missingName.output()).contains("usage: java -jar control-plane.jar bootstrap --org-name=<name>");
        Command badPlan = bootstrap("--org-name=acme", "--org-plan=GOLD");
        assertThat(badPlan.exitStatus()).isEqualTo(2);
    }

    private record Command(int exitStatus, String output) {
    }

    private Command bootstrap(String... options) throws Exception {
        List<String> command = new ArrayList<>(javaCommand("bootstrap"));
        command.addAll(List.of(options));
        Path output = Files.createTempFile(workingDirectory, "bootstrap", ".out");
        Process process = environment(new ProcessBuilder(command)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the command finishes").isTrue();
        return new Command(process.exitValue(), Files.readString(output));
    }

    private Process start(int port) throws Exception {
        Path log = workingDirectory.resolve("service.log");
        Process process = environment(new ProcessBuilder(javaCommand("--server.port=" + port)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the service exited:\n" + Files.readString(log)).isTrue();
            if (ready(port) && Files.readString(log).contains("Started ControlPlaneApplication")) {
                Thread.sleep(500); // the ready event's listeners log right after
                return process;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** The operator's environment: their database, nothing else configured. */
    private ProcessBuilder environment(ProcessBuilder builder) {
        Map<String, String> environment = builder.directory(workingDirectory.toFile()).environment();
        environment.keySet().removeIf(name -> name.startsWith("PRIVATELINK_") || name.startsWith("SPRING_"));
        environment.put("SPRING_DATASOURCE_URL", postgres == null ? "jdbc:postgresql://127.0.0.1:1/none" : postgres.getJdbcUrl("postgres", "postgres"));
        environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
        environment.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        return builder;
    }

    private static Map<String, String[]> keys(String output) {
        Map<String, String[]> keys = new LinkedHashMap<>();
        Matcher matcher = KEY.matcher(output);
        while (matcher.find()) {
            keys.put(matcher.group(1), new String[] {matcher.group(2), matcher.group(3)});
        }
        return keys;
    }

    private HttpResponse<String> get(int port, String path, String keyId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((keyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean ready(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * The service from the test class path with {@code arguments}; the client compiler alone and the serial
     * collector nearly halve each start on two cores, and nothing here measures speed.
     */
    private static List<String> javaCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ControlPlaneApplication.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
