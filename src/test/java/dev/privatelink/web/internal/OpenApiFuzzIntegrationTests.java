package dev.privatelink.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fuzz of every operation in the committed {@code openapi/openapi.yaml}: malformed path ids and
 * escapes, bad query values, and for every body the documented example broken in every field (wrong
 * types, NUL, 10,000 characters, out-of-range numbers and times, missing and unknown fields) and as a
 * whole (not JSON, not an object, nested 10,000 deep, invalid UTF-8, a wildcard media type). Sent over a
 * raw socket so that nothing is cleaned up on the way. No answer may be a 5xx, and every error must be
 * problem details with {@code error} and {@code requestId}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class OpenApiFuzzIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> BAD_IDS = List.of("not-a-uuid", "%zz", "a%2Fb", "%00", "%C3%28", "..", "x".repeat(300),
            "%27%3B%20drop%20table%20service%3B--", "%C3%BC", "00000000-0000-0000-0000-000000000000", "-1", "%20");
    private static final List<String> BAD_QUERY_VALUES = List.of("", "%zz", "%00", "-1", "0", "99999999999999999999", "x",
            "%C3%28", "true", "x".repeat(2000), "%E2%80%AE");
    private static final List<String> BAD_BODIES = List.of("", "{", "[]", "null", "123", "\"text\"", "{}", "{\"a\":",
            "[".repeat(10_000) + "]".repeat(10_000), "{\"x\":1}{\"y\":2}", "\u0000", "{\"name\":\"\u0000\"}");
    private static final List<String> BAD_VALUES = List.of("null", "123", "-1", "1e309", "\"\"", "\"a\\u0000b\"",
            "\"" + "x".repeat(10_000) + "\"", "true", "[]", "{}", "\"+999999999-12-31T23:59:59Z\"", "\"2020-13-45T99:00:00Z\"",
            "-9223372036854775809", "\"%zz\"", "[null]");

    @Autowired
    TestApi api;

    @Value("${local.server.port}")
    int port;

    private final List<String> failures = new ArrayList<>();
    private int requests;
    private Tenant tenant;
    private Map<String, String> ids;

    @Test
    void everyDocumentedOperationAnswersBadInputWith4xxProblems(CapturedOutput log) throws Exception {
        tenant = api.newTenant("SCALE");
        ids = knownIds();
        JsonNode document = openApi();
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operations.add(new Operation(operation.getKey().toUpperCase(), path.getKey(), operation.getValue()))));
        // deletions last, so that they do not turn everything after them into 404s
        operations.sort((a, b) -> Boolean.compare("DELETE".equals(a.method()), "DELETE".equals(b.method())));
        Instant start = Instant.now();

        for (Operation operation : operations) {
            fuzz(operation);
        }

        Duration took = Duration.between(start, Instant.now());
        System.out.printf("OpenAPI fuzz: %d requests over %d operations in %d s; %d broke the rules%n",
                requests, operations.size(), took.toSeconds(), failures.size());
        assertThat(operations).as("operations in openapi.yaml").hasSizeGreaterThan(40);
        assertThat(failures).as("5xx answers or errors that are not problem details").isEmpty();
        assertThat(log.getAll()).as("client errors leave no stack trace in the log")
                .doesNotContain("Unexpected error serving").doesNotContain("Error parsing HTTP request header")
                .doesNotContain("\tat org.apache.coyote").doesNotContain("\tat org.apache.tomcat");
    }

    @AfterAll
    void noFaultsLeftBehind() throws IOException {
        // the fault settings are global to the sandbox: whatever a fuzzed request set, the next tests need none
        api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                "{\"throttleRate\":0,\"serverErrorRate\":0,\"timeoutRate\":0}").expectStatus(200);
    }

    private record Operation(String method, String path, JsonNode spec) {
        boolean global() {
            return path.startsWith("/v1/operator") || path.startsWith("/v1/sandbox/faults") || path.equals("/v1/organizations");
        }

        /** Operations whose valid requests change what every test shares: only broken requests are sent. */
        boolean sharedState() {
            return !"GET".equals(method) && (path.startsWith("/v1/operator") || path.startsWith("/v1/sandbox/faults"));
        }
    }

    private void fuzz(Operation operation) throws IOException {
        Credentials caller = operation.global() ? Credentials.DEV_OPERATOR : tenant.admin();
        String validPath = fill(operation.path(), Map.of());
        String body = exampleBody(operation);
        List<String> queryNames = parameters(operation, "query");

        // no credentials, credentials with a NUL in the key id, a wrong secret
        String unique = UUID.randomUUID().toString();
        for (Credentials stranger : new Credentials[] {null, new Credentials("x\0" + unique, "y"),
                new Credentials(caller.keyId() + "\0", "y"), new Credentials("no-such-key-" + unique, "wrong")}) {
            send(operation, stranger, validPath, null, body);
        }
        // every path parameter broken, one at a time
        Matcher parameter = PARAMETER.matcher(operation.path());
        while (parameter.find()) {
            for (String bad : BAD_IDS) {
                send(operation, caller, fill(operation.path(), Map.of(parameter.group(1), bad)), null, body);
            }
        }
        // every query parameter broken, one at a time, and an unknown one
        for (String name : queryNames) {
            for (String bad : BAD_QUERY_VALUES) {
                send(operation, caller, validPath, name + "=" + bad, body);
            }
        }
        send(operation, caller, validPath, "%zz=1&unknown=%ff", body);
        if (!operation.spec().has("requestBody")) {
            if (!operation.sharedState()) {
                send(operation, caller, validPath, null, null);
            }
            return;
        }
        for (String bad : BAD_BODIES) {
            send(operation, caller, validPath, null, bad);
        }
        sendBytes(operation, caller, validPath, "application/json", new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        for (String type : List.of("*/*", "application/*", "text/plain", "application/xml", "application/json; charset=\"", "garbage")) {
            sendBytes(operation, caller, validPath, type, (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8));
        }
        if (body == null || !body.startsWith("{")) {
            return;
        }
        ObjectNode example = (ObjectNode) JSON.readTree(body);
        for (List<String> field : fields(example, new ArrayList<>())) {
            for (String bad : BAD_VALUES) {
                send(operation, caller, validPath, null, with(example, field, bad));
            }
            if (!operation.sharedState()) {
                send(operation, caller, validPath, null, without(example, field));
            }
        }
        send(operation, caller, validPath, null, with(example, List.of("unknownField"), "1"));
        if (!operation.sharedState()) {
            send(operation, caller, validPath, null, body);
        }
    }

    private void send(Operation operation, Credentials caller, String path, String query, String body) throws IOException {
        if (body == null) {
            sendBytes(operation, caller, path + (query == null ? "" : "?" + query), null, null);
        } else {
            sendBytes(operation, caller, path + (query == null ? "" : "?" + query), "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sendBytes(Operation operation, Credentials caller, String target, String contentType, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(operation.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        if (caller != null) {
            head.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString((caller.keyId() + ":" + caller.secret())
                    .getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[start.length + (body == null ? 0 : body.length)];
        System.arraycopy(start, 0, request, 0, start.length);
        if (body != null) {
            System.arraycopy(body, 0, request, start.length, body.length);
        }
        RawHttp.Answer answer = RawHttp.send(port, request);
        requests++;
        String shown = operation.method() + " " + (target.length() > 200 ? target.substring(0, 200) + "…" : target)
                + (body == null ? "" : " " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        if (answer.status() >= 500) {
            failures.add(answer.status() + " for " + shown + ": " + answer.body());
        } else if (answer.status() >= 400 && !isProblem(answer)) {
            failures.add("not problem details (" + answer.status() + ", " + answer.header("Content-Type") + ") for " + shown
                    + ": " + answer.body());
        }
    }

    private static boolean isProblem(RawHttp.Answer answer) {
        if (!answer.isProblem()) {
            return false;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            return problem.hasNonNull("error") && problem.hasNonNull("requestId")
                    && problem.get("requestId").asString().equals(answer.header("X-Request-Id"));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** The path with its parameters filled: from {@code overrides}, else an id of the fuzz's own organization. */
    private String fill(String template, Map<String, String> overrides) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1);
            String value = overrides.getOrDefault(name, ids.getOrDefault(name, UUID.randomUUID().toString()));
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(path);
        return path.toString();
    }

    /**
     * Ids of the fuzz's own organization; everything platform-wide (workflows, endpoint services, sandbox
     * objects) is addressed with ids that do not exist, so that nothing another test relies on changes.
     */
    private Map<String, String> knownIds() {
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "fuzzed", "provider", "aws",
                "region", "us-west-2", "tier", "PRODUCTION")).expectStatus(200).result().get("service").get("id").asString();
        String keyId = api.newKey(tenant.admin(), tenant.orgId().toString(), "DEVELOPER").keyId();
        Map<String, String> known = new TreeMap<>();
        known.put("orgId", tenant.orgId().toString());
        known.put("serviceId", serviceId);
        known.put("keyId", keyId);
        known.put("endpointId", "vpce-0123456789abcdef0");
        return known;
    }

    private List<String> parameters(Operation operation, String in) {
        List<String> names = new ArrayList<>();
        if (operation.spec().has("parameters")) {
            for (JsonNode parameter : operation.spec().get("parameters")) {
                if (in.equals(parameter.path("in").asString())) {
                    names.add(parameter.get("name").asString());
                }
            }
        }
        return names;
    }

    private static String exampleBody(Operation operation) {
        JsonNode content = operation.spec().path("requestBody").path("content").path("application/json");
        if (content.has("example")) {
            return JSON.writeValueAsString(content.get("example"));
        }
        if (content.has("examples")) {
            Iterator<JsonNode> examples = content.get("examples").values().iterator();
            if (examples.hasNext()) {
                return JSON.writeValueAsString(examples.next().path("value"));
            }
        }
        return operation.spec().has("requestBody") ? "{}" : null;
    }

    /** Every field's path in the example, nested objects and the first element of arrays included. */
    private static List<List<String>> fields(JsonNode node, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                List<String> path = new ArrayList<>(prefix);
                path.add(field.getKey());
                paths.add(path);
                paths.addAll(fields(field.getValue(), path));
            });
        } else if (node.isArray() && !node.isEmpty()) {
            List<String> path = new ArrayList<>(prefix);
            path.add("0");
            paths.addAll(fields(node.get(0), path));
        }
        return paths;
    }

    private static String with(ObjectNode example, List<String> field, String rawValue) {
        String marker = "\"@@" + UUID.randomUUID() + "@@\"";
        JsonNode copy = example.deepCopy();
        JsonNode parent = copy;
        for (String step : field.subList(0, field.size() - 1)) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(step)) : parent.get(step);
        }
        String last = field.getLast();
        if (parent instanceof ObjectNode object) {
            object.put(last, marker.substring(1, marker.length() - 1));
        } else if (parent instanceof tools.jackson.databind.node.ArrayNode array) {
            array.set(Integer.parseInt(last), JSON.getNodeFactory().textNode(marker.substring(1, marker.length() - 1)));
        }
        return JSON.writeValueAsString(copy).replace(marker, rawValue);
    }

    private static String without(ObjectNode example, List<String> field) {
        JsonNode copy = example.deepCopy();
        JsonNode parent = copy;
        for (String step : field.subList(0, field.size() - 1)) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(step)) : parent.get(step);
        }
        if (parent instanceof ObjectNode object) {
            object.remove(field.getLast());
        }
        return JSON.writeValueAsString(copy);
    }

    /** The committed contract; read with the YAML parser the OpenAPI tooling uses, which keeps times as text. */
    private static JsonNode openApi() throws IOException {
        com.fasterxml.jackson.databind.JsonNode yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(Path.of("openapi/openapi.yaml").toFile());
        return JSON.readTree(yaml.toString());
    }
}
