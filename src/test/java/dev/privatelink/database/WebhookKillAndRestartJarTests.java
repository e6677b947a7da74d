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
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, killed with SIGKILL between changes and their webhook deliveries, delivers every
 * event after it is started again: each resource's changes, all of them, in order. Also: a webhook host
 * name that resolves to an internal address is refused (the JVM reads its names from a hosts file of
 * the test's, so the real resolver path is taken). Run by failsafe after {@code package}.
 */
class WebhookKillAndRestartJarTests {

    // generous: a machine busy with other builds can take minutes to start the jar; start-up time is measured elsewhere
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("dev-admin-key:dev-admin-secret".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ENDPOINTS = 8;

    @TempDir
    Path workingDirectory;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process service;
    private WebhookReceiver receiver;

    @Test
    void noEventIsLostWhenTheServiceIsKilledBetweenItsChangesAndTheirDelivery() throws Exception {
        receiver = WebhookReceiver.start();
        Path hosts = workingDirectory.resolve("hosts");
        Files.writeString(hosts, """
                127.0.0.1 localhost
                127.0.0.1 receiver.example.test
                10.1.2.3 internal.example.test
                169.254.169.254 metadata.example.test
                """);
        int port = PackagedJar.freePort();
        service = start(port, hosts, "first.log");
        String org = "/v1/organizations/" + firstOrganizationId(port);

        // a name for an internal address is refused by what it resolves to; a name for the receiver is accepted
        assertThat(send(port, "POST", org + "/webhooks", webhook("http://internal.example.test/hooks"), 400))
                .contains("resolves to 10.1.2.3, a private address");
        assertThat(send(port, "POST", org + "/webhooks", webhook("http://metadata.example.test/latest"), 400))
                .contains("resolves to 169.254.169.254, a link-local address");
        send(port, "POST", org + "/webhooks", webhook("http://receiver.example.test:" + receiver.port() + "/hooks"), 200);

        // changes commit while the receiver is down: their deliveries wait
        receiver.down();
        String serviceId = json(send(port, "POST", org + "/services",
                "{\"name\":\"kill-test\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"production\"}", 200)).at("/result/service/id").asString();
        String serviceName = json(send(port, "GET", org + "/services/" + serviceId + "/privateEndpointConfig", null, 200))
                .at("/result/endpointServiceId").asString();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            String id = json(send(port, "POST", "/v1/sandbox/aws/vpcEndpoints",
                    "{\"serviceName\":\"" + serviceName + "\",\"region\":\"us-west-2\"}", 200)).at("/result/vpcEndpointId").asString();
            endpoints.add(id);
            send(port, "PATCH", org, "{\"privateEndpoints\":{\"add\":[{\"cloudProvider\":\"aws\",\"id\":\"" + id
                    + "\",\"region\":\"us-west-2\"}]}}", 200);
        }
        // the last changes are made, and the service killed the moment the last one is answered
        for (String id : endpoints) {
            send(port, "PATCH", org + "/services/" + serviceId, "{\"privateEndpointIds\":{\"add\":[\"" + id + "\"]}}", 200);
        }
        service.toHandle().destroyForcibly();
        service.waitFor();
        Instant killed = Instant.now();

        // the postmaster outlives the kill: what had not gone through the outbox, or out to the receiver, then
        Map<String, Long> atKill = undelivered();
        System.out.printf("at the kill: %s%n", atKill);
        assertThat(atKill.get("undelivered")).as("deliveries that had not reached the receiver when the service died").isPositive();

        service = start(port, hosts, "second.log");
        receiver.up();

        Map<String, Long> expected = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String id : endpoints) {
                JsonNode registration = json(send(port, "GET", org + "/privateEndpoints/" + id, null, 200)).get("result");
                String subject = "privateEndpoints/" + registration.get("registrationId").asString();
                assertThat(registration.get("status").asString()).isEqualTo("Ready");
                expected.put(subject, sequenceOf(registration.get("registrationId").asString()));
            }
            expected.put("services/" + serviceId + "/privateEndpointIds", (long) ENDPOINTS);
            for (Map.Entry<String, Long> resource : expected.entrySet()) {
                List<Long> sequences = receiver.acceptedFor(resource.getKey()).stream()
                        .map(WebhookReceiver.Received::sequence).distinct().toList();
                assertThat(sequences).as("the changes of %s that reached the receiver", resource.getKey())
                        .isEqualTo(LongStream.rangeClosed(1, resource.getValue()).boxed().toList());
            }
        });
        System.out.printf("every event of %d resources delivered in order %d ms after the kill (%d deliveries)%n",
                expected.size(), Duration.between(killed, Instant.now()).toMillis(), receiver.accepted().size());
        for (String id : endpoints) {
            assertThat(receiver.accepted()).anyMatch(r -> r.type().equals("privatelink.endpoint.ready") && r.body().contains(id));
        }
    }

    private static String webhook(String url) {
        return "{\"url\":\"" + url + "\",\"eventTypes\":[\"privatelink.endpoint.provisioning\",\"privatelink.endpoint.waitingforconnection\","
                + "\"privatelink.endpoint.ready\",\"privatelink.endpoint.failed\",\"privatelink.allowlist.changed\"]}";
    }

    /** The last change number of a registration, from the database (the API does not show it). */
    private long sequenceOf(String registrationId) throws Exception {
        try (Connection db = database(); ResultSet rs = db.createStatement().executeQuery(
                "select event_sequence from private_endpoint where id = '" + registrationId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Publications not yet handed to their listener, and deliveries not yet made. */
    private Map<String, Long> undelivered() throws Exception {
        try (Connection db = database()) {
            Map<String, Long> counts = new TreeMap<>();
            for (Map.Entry<String, String> query : Map.of(
                    "incompletePublications", "select count(*) from event_publication where completion_date is null",
                    "undelivered", "select count(*) from webhook_delivery where status = 'PENDING'").entrySet()) {
                try (ResultSet rs = db.createStatement().executeQuery(query.getValue())) {
                    rs.next();
                    counts.put(query.getKey(), rs.getLong(1));
                }
            }
            return counts;
        }
    }

    private Connection database() throws Exception {
        List<String> pid = Files.readAllLines(workingDirectory.resolve(".data/postgres/postmaster.pid"));
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres", "postgres", "postgres");
    }

    @AfterEach
    void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
        Path pidFile = workingDirectory.resolve(".data/postgres/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private Process start(int port, Path hosts, String log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PackagedJar.command(List.of("-Djdk.net.hosts.file=" + hosts),
                "--server.port=" + port, "--privatelink.webhooks.first-retry=200ms", "--privatelink.webhooks.max-retry-delay=1s",
                "--privatelink.webhooks.polling-interval=500ms"))
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
        return json(send(port, "GET", "/v1/organizations", null, 200)).at("/result/0/id").asString();
    }

    private String send(int port, String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", ADMIN);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
