package dev.privatelink.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stranger guessing a key's secret from another address (127.0.0.2) is cut off after ten wrong secrets
 * with 429 and {@code Retry-After}; the key's owner, from the address where the key has worked, is not.
 */
@IntegrationTest
class AuthenticationThrottleIntegrationTests {

    @Autowired
    TestApi api;

    @Value("${local.server.port}")
    int port;

    @Test
    void guessingOneKeysSecretIs429WithRetryAfterAndTheOwnerKeepsWorking() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        Credentials owner = tenant.admin();
        api.as(owner).get(tenant.path()).expectStatus(200); // the owner's address is known for the key from now on
        HttpClient stranger = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();

        for (int i = 0; i < 10; i++) {
            assertThat(get(stranger, tenant.path(), owner.keyId(), "guess-" + i).statusCode()).as("guess " + i).isEqualTo(401);
        }
        HttpResponse<String> throttled = get(stranger, tenant.path(), owner.keyId(), "guess-10");
        HttpResponse<String> rightSecretFromTheStranger = get(stranger, tenant.path(), owner.keyId(), owner.secret());

        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        assertThat(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 6);
        assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JsonMapper.builder().build().readTree(throttled.body());
        assertThat(problem.get("error").asString()).isEqualTo("TOO_MANY_REQUESTS: too many failed authentications for this key id; retry after "
                + throttled.headers().firstValue("Retry-After").orElseThrow() + " s");
        assertThat(problem.get("requestId").asString()).isEqualTo(throttled.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(rightSecretFromTheStranger.statusCode()).as("not even the right secret is checked from there for now").isEqualTo(429);

        for (int i = 0; i < 20; i++) {
            assertThat(api.as(owner).get(tenant.path()).status()).as("the owner, request " + i).isEqualTo(200);
        }
        assertThat(api.as(tenant.developer()).get(tenant.path()).status()).as("another key of the organization").isEqualTo(200);
    }

    private HttpResponse<String> get(HttpClient client, String path, String keyId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((keyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }
}
