package dev.privatelink.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on this machine's loopback, as a customer would run one: it records every
 * delivery (headers, raw body, when it arrived) and answers what the test tells it to (204 by default,
 * an error, a slow answer, or it is down altogether).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as it arrived. */
    public record Received(Instant at, Map<String, List<String>> headers, String body) {

        public JsonNode event() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String type() {
            return event().get("type").asString();
        }

        public String subject() {
            return event().get("subject").asString();
        }

        public long sequence() {
            return Long.parseLong(event().get("sequence").asString());
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private int port;
    private HttpServer server;

    private WebhookReceiver(int port) throws IOException {
        this.port = port;
        up();
        this.port = server.getAddress().getPort(); // the same port after a down() and up()
    }

    /** A receiver on a free port. */
    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    public int port() {
        return port;
    }

    /** Only accepted deliveries (2xx answers). */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.header("x-test-answer") == null).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void answer(int status) {
        answer.set(status);
    }

    public void delay(Duration duration) {
        delay.set(duration);
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again, on the same port. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Instant at = Instant.now();
            Duration pause = delay.get();
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = answer.get();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            if (status < 200 || status > 299) {
                headers.put("x-test-answer", List.of(Integer.toString(status)));
            }
            received.add(new Received(at, headers, body));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        down();
    }

    /** The accepted deliveries of one subject, in arrival order. */
    public List<Received> acceptedFor(String subject) {
        List<Received> of = new ArrayList<>();
        for (Received r : accepted()) {
            if (r.subject().equals(subject)) {
                of.add(r);
            }
        }
        return of;
    }
}
