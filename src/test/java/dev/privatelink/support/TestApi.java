package dev.privatelink.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the running service over real HTTP, as a portal or curl would, so that every request goes
 * through the security filters, the error page and the message converters.
 */
public class TestApi {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Supplier<String> baseUrl;
    private final JdbcClient jdbc;

    TestApi(Supplier<String> baseUrl, JdbcClient jdbc) {
        this.baseUrl = baseUrl;
        this.jdbc = jdbc;
    }

    public String baseUrl() {
        return baseUrl.get();
    }

    /** A request as the holder of this key; {@code null} credentials send none. */
    public Request as(Credentials credentials) {
        return new Request(credentials);
    }

    public Request anonymous() {
        return new Request(null);
    }

    /** An organization of its own with an ADMIN, a DEVELOPER and (platform) OPERATOR key, made through the API. */
    public Tenant newTenant(String plan) {
        Credentials operator = Credentials.DEV_OPERATOR;
        Response org = as(operator).post("/v1/organizations",
                Map.of("name", "org-" + UUID.randomUUID().toString().substring(0, 8), "plan", plan));
        org.expectStatus(200);
        String orgId = org.result().get("id").asString();
        Credentials admin = newKey(operator, orgId, "ADMIN");
        Credentials developer = newKey(operator, orgId, "DEVELOPER");
        return new Tenant(UUID.fromString(orgId), admin, developer);
    }

    public Credentials newKey(Credentials creator, String orgId, String role) {
        Response key = as(creator).post("/v1/organizations/" + orgId + "/keys", Map.of("name", role.toLowerCase() + " key", "role", role));
        key.expectStatus(200);
        return new Credentials(key.result().get("keyId").asString(), key.result().get("keySecret").asString());
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public record Credentials(String keyId, String secret) {
        public static final Credentials DEV_ADMIN = new Credentials("dev-admin-key", "dev-admin-secret");
        public static final Credentials DEV_OPERATOR = new Credentials("dev-operator-key", "dev-operator-secret");
    }

    public record Tenant(UUID orgId, Credentials admin, Credentials developer) {
        public String path() {
            return "/v1/organizations/" + orgId;
        }
    }

    public final class Request {
        private final Credentials credentials;
        private final Map<String, String> headers = new LinkedHashMap<>();

        Request(Credentials credentials) {
            this.credentials = credentials;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response get(String path) {
            return send("GET", path, null);
        }

        public Response delete(String path) {
            return send("DELETE", path, null);
        }

        public Response post(String path, Object body) {
            return send("POST", path, body);
        }

        public Response patch(String path, Object body) {
            return send("PATCH", path, body);
        }

        /** Sends a body as given: a String is sent verbatim (malformed JSON tests), anything else as JSON. */
        public Response send(String method, String path, Object body) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
            if (credentials != null) {
                String basic = credentials.keyId() + ":" + credentials.secret();
                builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            }
            headers.forEach(builder::header);
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) { // a test may send another
                    builder.header("Content-Type", "application/json");
                }
                builder.method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response);
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class Response {
        private final HttpResponse<String> response;
        private JsonNode json;

        Response(HttpResponse<String> response) {
            this.response = response;
        }

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            if (json == null) {
                json = JSON.readTree(response.body().isEmpty() ? "null" : response.body());
            }
            return json;
        }

        /** The envelope's {@code result}. */
        public JsonNode result() {
            return json().get("result");
        }

        public Response expectStatus(int expected) {
            if (status() != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status() + ": " + body());
            }
            return this;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        TestApi testApi(Environment environment, JdbcClient jdbc) {
            // the port is known only once the server has started: resolve it lazily
            return new TestApi(() -> "http://localhost:" + environment.getProperty("local.server.port"), jdbc);
        }
    }
}
