package dev.privatelink.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real delivery verifies with both documented recipes (the Standard Webhooks library in Java, and
 * {@code scripts/verify-webhook.sh} with openssl), and what an attacker could send does not: an altered
 * body, a signature made with another secret, the captured delivery replayed at once (its webhook-id
 * was seen) or later (its timestamp is too old).
 */
@IntegrationTest
class ForgedAndReplayedDeliveriesIntegrationTests {

    private static final Path SCRIPT = Path.of("scripts/verify-webhook.sh");

    @Autowired
    TestApi api;

    @TempDir
    Path work;

    @Test
    void forgedAndReplayedDeliveriesAreDetectablyInvalid() throws Exception {
        EventFlows flows = new EventFlows(api);
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = flows.subscribe(tenant, receiver, List.of("privatelink.allowlist.changed")).get("secret").asString();
            String serviceId = flows.newService(tenant);
            api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                    Map.of("privateEndpointIds", Map.of("add", List.of("vpce-0123456789abcdef0")))).expectStatus(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.accepted().isEmpty());
            WebhookReceiver.Received genuine = receiver.accepted().getFirst();
            String id = genuine.header("webhook-id");
            String timestamp = genuine.header("webhook-timestamp");
            String signature = genuine.header("webhook-signature");

            // Java: the Standard Webhooks library, and a set of webhook-ids already handled
            Set<String> seen = new HashSet<>();
            assertThat(javaRecipe(secret, genuine.body(), genuine.headers(), seen)).isEqualTo("valid");
            assertThat(javaRecipe(secret, genuine.body(), genuine.headers(), seen)).as("the same delivery again")
                    .isEqualTo("invalid: replay");
            assertThat(javaRecipe(secret, genuine.body().replace("vpce-0123456789abcdef0", "vpce-0000000000000000a"),
                    genuine.headers(), new HashSet<>())).as("altered body").isEqualTo("invalid: No matching signature found");
            String otherSecret = Webhook.SECRET_PREFIX + java.util.Base64.getEncoder().encodeToString(new byte[32]);
            String forged = new Webhook(otherSecret).sign(id, Long.parseLong(timestamp), genuine.body());
            assertThat(javaRecipe(secret, genuine.body(), headers(id, timestamp, forged), new HashSet<>()))
                    .as("signed with another secret").isEqualTo("invalid: No matching signature found");
            long sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond();
            String old = new Webhook(secret).sign(id, sixMinutesAgo, genuine.body());
            assertThat(javaRecipe(secret, genuine.body(), headers(id, Long.toString(sixMinutesAgo), old), new HashSet<>()))
                    .as("a correctly signed delivery six minutes old").isEqualTo("invalid: Message timestamp too old");

            // shell: openssl, as the README shows
            Path body = work.resolve("body.json");
            Files.writeString(body, genuine.body(), StandardCharsets.UTF_8);
            Path seenIds = work.resolve("seen-ids");
            assertThat(shell(Map.of(), secret, id, timestamp, signature, body.toString(), seenIds.toString())).isEqualTo("valid");
            assertThat(shell(Map.of(), secret, id, timestamp, signature, body.toString(), seenIds.toString()))
                    .startsWith("invalid: webhook-id " + id + " was seen before");
            Path altered = work.resolve("altered.json");
            Files.writeString(altered, genuine.body().replace("vpce-0123456789abcdef0", "vpce-0000000000000000a"));
            assertThat(shell(Map.of(), secret, id, timestamp, signature, altered.toString())).startsWith("invalid: no matching signature");
            assertThat(shell(Map.of(), secret, id, timestamp, forged, body.toString())).startsWith("invalid: no matching signature");
            assertThat(shell(Map.of("NOW", Long.toString(Long.parseLong(timestamp) + 360)), secret, id, timestamp, signature,
                    body.toString())).as("the genuine delivery replayed six minutes later").startsWith("invalid: timestamp");
        }
    }

    /** The README's Java recipe. */
    private static String javaRecipe(String secret, String body, Map<String, List<String>> headers, Set<String> seen) {
        try {
            new Webhook(secret).verify(body, headers);
        } catch (WebhookVerificationException e) {
            return "invalid: " + e.getMessage();
        }
        return seen.add(headers.get("webhook-id").getFirst()) ? "valid" : "invalid: replay";
    }

    private static Map<String, List<String>> headers(String id, String timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(timestamp), "webhook-signature", List.of(signature));
    }

    private static String shell(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        assertThat(exit).as(output).isEqualTo(output.equals("valid") ? 0 : 1);
        return output;
    }
}
