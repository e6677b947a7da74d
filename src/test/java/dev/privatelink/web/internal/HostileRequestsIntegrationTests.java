package dev.privatelink.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker or a broken client sends, over a raw socket where ordinary clients refuse to send it:
 * every answer is a 4xx problem with {@code error} and {@code requestId}, never a 500, never Tomcat's HTML
 * page, and nothing of it leaves a stack trace in the log.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestApi api;

    @Value("${local.server.port}")
    int port;

    Tenant tenant;

    @BeforeAll
    void tenant() {
        tenant = api.newTenant("SCALE");
    }

    @Test
    void aNulByteInTheBasicKeyIdIs401OnEveryRoute(CapturedOutput log) throws Exception {
        // a key id of its own: other tests' NUL-key attempts must not have used up its failure budget
        String credentials = Base64.getEncoder().encodeToString(("x\0" + System.nanoTime() + ":y").getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/v1/organizations", tenant.path(), tenant.path() + "/services")) {
            RawHttp.Answer answer = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + credentials + "\r\nConnection: close\r\n\r\n");

            assertProblem(answer, 401);
        }
        assertNoStackTrace(log);
    }

    @Test
    void aWildcardContentTypeIs415(CapturedOutput log) {
        for (String type : List.of("*/*", "application/*", "not a type")) {
            TestApi.Response response = api.as(tenant.admin()).header("Content-Type", type).send("POST", tenant.path() + "/services",
                    "{\"name\":\"a\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"PRODUCTION\"}");

            assertThat(response.status()).as(type + ": " + response.body()).isEqualTo(415);
            ErrorResponsesIntegrationTests.assertProblem(response, 415, "Content-Type");
        }
        assertNoStackTrace(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=%zz", "status=%", "status=%C3%28", "pageToken=%00", "%zz=1"})
    void aBadPercentEscapeInTheQueryIs400(String query, CapturedOutput log) throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, "GET /v1/operator/workflows?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + basic(Credentials.DEV_OPERATOR) + "\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 400);
        assertThat(detail(answer)).contains("query parameter");
        assertNoStackTrace(log);
    }

    @Test
    void aNulCharacterInAnyStoredStringIs400NamingTheField(CapturedOutput log) {
        TestApi.Response organization = api.as(tenant.admin()).patch(tenant.path(), Map.of("name", "evil\0name"));
        TestApi.Response endpoint = api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                List.of(Map.of("cloudProvider", "aws", "id", "vpce-0123456789abcdef4", "description", "a\0b", "region", "us-west-2")))));
        TestApi.Response service = api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "\0", "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION"));

        ErrorResponsesIntegrationTests.assertProblem(organization.expectStatus(400), 400, "field 'name' must not contain the NUL character");
        ErrorResponsesIntegrationTests.assertProblem(endpoint.expectStatus(400), 400, "description' must not contain the NUL character");
        ErrorResponsesIntegrationTests.assertProblem(service.expectStatus(400), 400, "field 'name' must not contain the NUL character");
        assertThat(api.as(tenant.admin()).get(tenant.path()).result().get("name").asString()).doesNotContain("\0");
        assertNoStackTrace(log);
    }

    @Test
    void aFarFutureKeyExpiryIs400(CapturedOutput log) {
        TestApi.Response response = api.as(tenant.admin()).post(tenant.path() + "/keys",
                Map.of("name", "forever", "role", "ADMIN", "expiresAt", "+999999999-12-31T23:59:59Z"));

        ErrorResponsesIntegrationTests.assertProblem(response.expectStatus(400), 400, "field 'expiresAt' must be a time between");
        assertThat(api.as(tenant.admin()).post(tenant.path() + "/keys",
                Map.of("name", "long-lived", "role", "ADMIN", "expiresAt", "9999-01-01T00:00:00Z")).status())
                .as("the latest time the database holds is still accepted").isEqualTo(200);
        assertNoStackTrace(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"})
    void errorIsNoRouteForAnyMethod(String method, CapturedOutput log) throws Exception {
        for (String credentials : new String[] {null, basic(tenant.admin())}) {
            RawHttp.Answer answer = RawHttp.send(port, method + " /error HTTP/1.1\r\nHost: localhost\r\n"
                    + (credentials == null ? "" : "Authorization: " + credentials + "\r\n")
                    + ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)
                    ? "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                    : "Connection: close\r\n\r\n"));

            assertThat(answer.status()).as(method + " " + answer.body()).isEqualTo(404);
            if (!"HEAD".equals(method)) {
                assertProblem(answer, 404);
            }
        }
        assertNoStackTrace(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /v1/organizations/a%2Fb HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations/a%00b HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations/%C3%28 HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations/a%5Cb HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations/..;/x HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations HTTP/1.1\r\n",
            "GET /v1/organizations HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n",
            "POST /v1/organizations HTTP/1.1\r\nHost: localhost\r\nExpect: 200-ok\r\nContent-Length: 2\r\n",
            "GET /v1/organizations HTTP/1.1\r\nHost: localhost\r\nX-Big: {8k}\r\n",
            "GET /v1/organizations?q={8k} HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organi\u007Fzations HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n",
            "BREW /v1/organizations HTTP/1.1\r\nHost: localhost\r\n",
            "GET /v1/organizations HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n",
    })
    void whatTomcatRefusesIsAProblemToo(String head, CapturedOutput log) throws Exception {
        String request = head.replace("{8k}", "x".repeat(9 * 1024)) + "Authorization: " + basic(tenant.admin())
                + "\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.send(port, request);

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertProblem(answer, answer.status());
        assertThat(answer.body()).doesNotContain("<html").doesNotContain("Tomcat");
        assertNoStackTrace(log);
    }

    /** The two refusals HTTP itself gives a 5xx status: they keep it, as problem details. */
    @Test
    void anUnknownHttpVersionIs505AndAnUnknownTransferCodingIs501(CapturedOutput log) throws Exception {
        RawHttp.Answer version = RawHttp.send(port, "GET /v1/organizations HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        RawHttp.Answer coding = RawHttp.send(port, "GET /v1/organizations HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n");

        assertProblem(version, 505);
        assertProblem(coding, 501);
        assertNoStackTrace(log);
    }

    @Test
    void invalidUtf8InThePathIsAProblem(CapturedOutput log) throws Exception {
        byte[] head = "GET /v1/organizations/\u00FF\u00FE HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        RawHttp.Answer answer = RawHttp.send(port, head);

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertProblem(answer, answer.status());
        assertNoStackTrace(log);
    }

    private static String basic(Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString((credentials.keyId() + ":" + credentials.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String detail(RawHttp.Answer answer) {
        return JSON.readTree(answer.body()).get("detail").asString();
    }

    static void assertProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.isProblem()).as("problem+json, not " + answer.header("Content-Type") + ": " + answer.body()).isTrue();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).as(answer.body()).isNotBlank();
        assertThat(body.get("requestId").asString()).as(answer.body()).isNotBlank().isEqualTo(answer.header("X-Request-Id"));
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at dev.privatelink");
    }

    static void assertNoStackTrace(CapturedOutput log) {
        assertThat(log.getAll()).doesNotContain("\tat org.apache").doesNotContain("\tat dev.privatelink")
                .doesNotContain("Unexpected error serving");
    }
}
