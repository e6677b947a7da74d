package dev.privatelink.database;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar when its PostgreSQL goes away (run by failsafe after {@code package}): stopped for 30 s
 * under load, callers get fast 503 problems with {@code Retry-After}, readiness goes DOWN and comes back
 * by itself, and no change that was answered 200 is lost. Killed between a change and its commit, the
 * change's {@code Idempotency-Key} is not left behind: the client's retry makes the change once.
 */
class PostgresOutageJarTests {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Pattern SERVICE_ID = Pattern.compile("\"service\":\\{\"id\":\"([^\"]+)\"");

    @TempDir
    Path directory;

    private JarOnOwnPostgres jar;

    @AfterEach
    void stop() throws Exception {
        if (jar != null) {
            jar.close();
        }
    }

    record Call(Instant start, long millis, int status, String contentType, String retryAfter, String body) {
    }

    @Test
    void postgresStoppedForThirtySecondsUnderLoad() throws Exception {
        jar = new JarOnOwnPostgres(directory);
        jar.startDatabase();
        jar.startService("outage.log");
        String services = "/v1/organizations/" + jar.organizationId() + "/services";
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> created = new ConcurrentHashMap<>(); // name -> id, answered 200
        AtomicBoolean loading = new AtomicBoolean(true);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> load(client, services, calls, created, loading),
                    command -> Thread.ofVirtual().start(command)));
        }
        Thread.sleep(3_000);

        Instant stopped = Instant.now();
        jar.stopDatabase();
        Instant down = awaitReadiness(503, Duration.ofSeconds(30));
        Thread.sleep(Duration.between(Instant.now(), stopped.plus(OUTAGE)).toMillis());
        Instant restarted = Instant.now();
        jar.startDatabase();
        Instant up = awaitReadiness(200, Duration.ofSeconds(60));
        // the pool opens its connections again on its own schedule: served again within a minute, by itself
        Instant servedAgain = null;
        for (Instant deadline = up.plusSeconds(60); servedAgain == null && Instant.now().isBefore(deadline); Thread.sleep(250)) {
            servedAgain = List.copyOf(calls).stream().filter(call -> call.start().isAfter(up) && call.status() == 200)
                    .map(call -> call.start().plusMillis(call.millis())).min(Instant::compareTo).orElse(null);
        }
        Thread.sleep(1_000);
        loading.set(false);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();

        List<Call> all = List.copyOf(calls);
        List<Call> duringOutage = all.stream().filter(call -> call.start().isAfter(down) && call.start().isBefore(restarted)).toList();
        List<Long> latencies = duringOutage.stream().map(Call::millis).sorted().toList();
        System.out.printf("PostgreSQL stopped %d s under load: %d requests (%d while it was down), readiness DOWN after %d ms, "
                        + "UP %d ms after the restart, first 200 %s ms after it; 503 latency while down p50 %d ms, p99 %d ms, "
                        + "max %d ms; %d changes answered 200%n",
                OUTAGE.toSeconds(), all.size(), duringOutage.size(), Duration.between(stopped, down).toMillis(),
                Duration.between(restarted, up).toMillis(),
                servedAgain == null ? "never" : String.valueOf(Duration.between(restarted, servedAgain).toMillis()), percentile(latencies, 50), percentile(latencies, 99),
                latencies.getLast(), created.size());

        assertThat(all).as("no answer but 2xx and 503 problems").allSatisfy(call -> {
            if (call.status() != 200) {
                assertThat(call.status()).as(call.body()).isEqualTo(503);
                assertThat(call.contentType()).startsWith("application/problem+json");
                assertThat(call.retryAfter()).as("Retry-After").isNotNull();
                assertThat(call.body()).contains("\"error\"").contains("\"requestId\"");
            }
        });
        assertThat(duringOutage).as("while the database is down, every request is refused").isNotEmpty()
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(503));
        assertThat(percentile(latencies, 99)).as("fast 503s, no wait for the pool").isLessThan(1_000);
        assertThat(Duration.between(stopped, down)).as("readiness DOWN quickly").isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(restarted, up)).as("back by itself").isLessThan(Duration.ofSeconds(15));
        assertThat(all.stream().filter(call -> call.start().isAfter(up) && call.status() == 200)).as("served again").isNotEmpty();

        String listed = jar.send("GET", services, null, null).body();
        assertThat(created).as("changes answered 200 before, during and after").hasSizeGreaterThan(4);
        created.forEach((name, id) -> {
            assertThat(listed).as("nothing answered 200 is lost").contains("\"id\":\"" + id + "\"");
            assertThat(occurrences(listed, "\"name\":\"" + name + "\"")).as("made once: " + name).isEqualTo(1);
        });
    }

    /** One client: reads the list, and creates services with an Idempotency-Key, retrying each until it is answered. */
    private void load(int client, String services, List<Call> calls, Map<String, String> created, AtomicBoolean loading) {
        String pendingName = null;
        String pendingKey = null;
        for (int n = 0; loading.get() || pendingName != null; n++) {
            try {
                if (pendingName == null && loading.get() && n % 3 == 0) {
                    pendingName = "load-" + client + "-" + n;
                    pendingKey = UUID.randomUUID().toString();
                }
                Call call;
                if (pendingName != null) {
                    String json = "{\"name\":\"" + pendingName + "\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"DEVELOPMENT\"}";
                    String key = pendingKey;
                    call = call(() -> jar.send("POST", services, json, key));
                    if (call.status() == 200) {
                        Matcher id = SERVICE_ID.matcher(call.body());
                        assertThat(id.find()).as(call.body()).isTrue();
                        created.put(pendingName, id.group(1));
                        pendingName = null;
                    }
                } else {
                    call = call(() -> jar.send("GET", services + "?pageSize=5", null, null));
                }
                calls.add(call);
                Thread.sleep(call.status() == 503 ? 100 : 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    interface Exchange {
        HttpResponse<String> send() throws Exception;
    }

    private static Call call(Exchange exchange) {
        Instant start = Instant.now();
        try {
            HttpResponse<String> response = exchange.send();
            return new Call(start, Duration.between(start, Instant.now()).toMillis(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (Exception e) {
            return new Call(start, Duration.between(start, Instant.now()).toMillis(), -1, "", null, e.toString());
        }
    }

    private Instant awaitReadiness(int status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (jar.readiness() == status) {
                return Instant.now();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness never answered " + status + " within " + timeout + ":\n" + jar.tail("outage.log"));
    }

    @Test
    void aKillBetweenTheChangeAndItsCommitLeavesNoIdempotencyKeyBehind() throws Exception {
        jar = new JarOnOwnPostgres(directory);
        jar.startDatabase();
        jar.startService("first.log");
        String services = "/v1/organizations/" + jar.organizationId() + "/services";
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"held\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"PRODUCTION\"}";
        try (Connection db = jar.database(); Statement sql = db.createStatement()) {
            // the service row is written, then its insert stalls: the request's transaction is open, not committed
            sql.execute("""
                    create function stall() returns trigger language plpgsql as $$
                    begin perform pg_sleep(60); return new; end $$""");
            sql.execute("create trigger stall after insert on service for each row when (new.name = 'held') execute function stall()");
        }
        AtomicReference<HttpResponse<String>> lost = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                lost.set(jar.send("POST", services, body, key));
            } catch (Exception connectionDropped) {
                // the service is killed under it
            }
        });
        awaitStalledInsert();

        jar.killService();

        try (Connection db = jar.database(); Statement sql = db.createStatement()) {
            awaitNoStalledInsert(sql);
            assertThat(count(sql, "select count(*) from idempotency_key where idempotency_key = '" + key + "'"))
                    .as("the key is not left IN_FLIGHT").isZero();
            assertThat(count(sql, "select count(*) from service where name = 'held'")).as("nor the change").isZero();
            sql.execute("drop trigger stall on service");
        }
        assertThat(lost.get()).as("the client never got an answer").isNull();

        jar.startService("second.log");
        HttpResponse<String> retried = jar.send("POST", services, body, key);
        HttpResponse<String> repeated = jar.send("POST", services, body, key);

        assertThat(retried.statusCode()).as("the client's retry runs: " + retried.body()).isEqualTo(200);
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(repeated.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeated.body()).isEqualTo(retried.body());
        try (Connection db = jar.database(); Statement sql = db.createStatement()) {
            assertThat(count(sql, "select count(*) from service where name = 'held'")).as("made exactly once").isEqualTo(1);
            assertThat(count(sql, "select count(*) from idempotency_key where idempotency_key = '" + key + "' and state = 'DONE'"))
                    .isEqualTo(1);
        }
    }

    private void awaitStalledInsert() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        try (Connection db = jar.database(); Statement sql = db.createStatement()) {
            while (Instant.now().isBefore(deadline)) {
                if (count(sql, "select count(*) from pg_stat_activity where wait_event = 'PgSleep'") > 0) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the request never reached its insert:\n" + jar.tail("first.log"));
    }

    private static void awaitNoStalledInsert(Statement sql) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (count(sql, "select count(*) from pg_stat_activity where wait_event = 'PgSleep'") > 0) {
            assertThat(Instant.now()).as("the dead client's transaction is rolled back").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
