// A webhook receiver with no dependencies, for trying the service's webhooks from a shell:
//
//   java scripts/WebhookReceiver.java PORT SECRET_FILE LOG_FILE
//
// It verifies every delivery as the Standard Webhooks specification says (HMAC-SHA256 signature of
// "id.timestamp.body" with the secret, a timestamp within five minutes, each webhook-id once), answers
// 204 to a valid one, 204 without acting on it again to a webhook-id it has handled (a retry whose
// answer got lost, or a replay), and 400 to anything else; it appends one JSON line per request to LOG_FILE:
// {"receivedAt": <epoch ms>, "valid": true|false, "reason": "...", "headers": {...}, "event": <the body>};
// each body is also kept byte for byte in a file of LOG_FILE.bodies/ ("bodyFile" in the line).
// SECRET_FILE holds the subscription's whsec_… secret; it is read on every request, so the receiver can
// start before the subscription exists (the service checks that a new webhook's URL is reachable).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

public class WebhookReceiver {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path secretFile = Path.of(args[1]);
        Path log = Path.of(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> receive(exchange, secretFile, log));
        server.start();
        System.out.println("receiving webhooks on http://127.0.0.1:" + port + "/hooks");
    }

    private static void receive(HttpExchange exchange, Path secretFile, Path log) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(204, -1); // "are you up?": not a delivery
                return;
            }
            long receivedAt = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            String secret = Files.exists(secretFile) ? Files.readString(secretFile).strip() : "";
            String reason = verify(secret, id, timestamp, signatures, body, receivedAt / 1000);
            Path bodies = Path.of(log + ".bodies");
            Files.createDirectories(bodies);
            Path bodyFile = bodies.resolve(receivedAt + "-" + java.util.UUID.randomUUID() + ".json");
            Files.writeString(bodyFile, body, StandardCharsets.UTF_8);
            String line = "{\"receivedAt\":" + receivedAt + ",\"bodyFile\":\"" + bodyFile + "\",\"valid\":" + (reason == null) + ",\"reason\":\""
                    + (reason == null ? "" : reason) + "\",\"headers\":{\"webhook-id\":\"" + id + "\",\"webhook-timestamp\":\""
                    + timestamp + "\",\"webhook-signature\":\"" + signatures + "\"},\"event\":"
                    + (body.startsWith("{") ? body : "null") + "}\n";
            synchronized (WebhookReceiver.class) {
                Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            boolean duplicate = reason != null && reason.startsWith("webhook-id seen before");
            exchange.sendResponseHeaders(reason == null || duplicate ? 204 : 400, -1);
        }
    }

    /** Standard Webhooks' recipe; {@code null} when valid, else why not. */
    static String verify(String secret, String id, String timestamp, String signatures, String body, long now) {
        if (id == null || timestamp == null || signatures == null) {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "timestamp is not a number";
        }
        if (Math.abs(now - ts) > 300) {
            return "timestamp more than 5 minutes from now (replay?)";
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(hmac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            boolean match = false;
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")) {
                    match |= MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!match) {
                return "no matching signature";
            }
        } catch (Exception e) {
            return "cannot verify: " + e.getMessage();
        }
        return SEEN.add(id) ? null : "webhook-id seen before (replay)";
    }
}
