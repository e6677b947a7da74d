package dev.privatelink.web.internal;

import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input always gets a 4xx problem-details body that says what is wrong; never a 500 or a stack trace. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorResponsesIntegrationTests {

    @Autowired
    TestApi api;

    Tenant tenant;

    @BeforeAll
    void tenant() {
        tenant = api.newTenant("SCALE");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field              | {"name":"a","provider":"aws","region":"us-west-2","tier":"PRODUCTION","color":"red"} | field 'color' is not accepted here
            read-only id               | {"id":"0b5e7a9e-0000-0000-0000-000000000000","name":"a","provider":"aws","region":"us-west-2","tier":"PRODUCTION"} | field 'id' is not accepted here
            read-only state            | {"name":"a","provider":"aws","region":"us-west-2","tier":"PRODUCTION","state":"running"} | field 'state' is not accepted here
            read-only createdAt        | {"name":"a","provider":"aws","region":"us-west-2","tier":"PRODUCTION","createdAt":"2020-01-01T00:00:00Z"} | field 'createdAt' is not accepted here
            malformed JSON             | {"name":"a", | request body is not valid JSON
            wrong type                 | {"name":["a"],"provider":"aws","region":"us-west-2","tier":"PRODUCTION"} | field 'name' has the wrong type
            unknown provider           | {"name":"a","provider":"gcp","region":"us-west-2","tier":"PRODUCTION"} | cloudProvider 'gcp' is not supported
            unknown tier               | {"name":"a","provider":"aws","region":"us-west-2","tier":"GOLD"} | field 'tier' has an invalid value 'GOLD'
            region of no AWS           | {"name":"a","provider":"aws","region":"us-west-9","tier":"PRODUCTION"} | region 'us-west-9' is not an AWS region
            AWS region on Azure        | {"name":"a","provider":"azure","region":"us-west-2","tier":"PRODUCTION"} | region 'us-west-2' is not an Azure region
            missing name               | {"provider":"aws","region":"us-west-2","tier":"PRODUCTION"} | name must not be blank
            blank name                 | {"name":"  ","provider":"aws","region":"us-west-2","tier":"PRODUCTION"} | name must not be blank
            empty body                 | '' | a JSON request body is required
            """)
    void aBadServiceIsRefusedWithAClearReason(String scenario, String body, String reason) {
        TestApi.Response response = api.as(tenant.admin()).send("POST", tenant.path() + "/services", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertProblem(response, 400, reason);
        assertThat(response.json().get("error").asString()).startsWith("BAD_REQUEST: ").contains(reason);
        assertThat(api.as(tenant.admin()).get(tenant.path() + "/services").result().findValuesAsString("name"))
                .as("no partial state").doesNotContain("a", "  ");
    }

    @Test
    void aRegionErrorReadsLikeTheSeedsError() {
        TestApi.Response response = api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "a", "provider", "aws", "region", "us-west-9", "tier", "PRODUCTION"));

        assertThat(response.json().get("error").asString()).isEqualTo("BAD_REQUEST: region 'us-west-9' is not an AWS region");
        assertThat(response.json().get("instance").asString()).isEqualTo(tenant.path() + "/services");
        assertThat(response.json().get("type").asString()).isNotBlank();
        assertThat(response.json().get("title").asString()).isEqualTo("Bad Request");
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413() {
        String huge = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";

        TestApi.Response response = api.as(tenant.admin()).send("PATCH", tenant.path(), huge);

        assertThat(response.status()).isEqualTo(413);
        assertProblem(response, 413, "1 MiB");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405() {
        assertProblem(api.as(tenant.admin()).get("/v1/no-such-thing").expectStatus(404), 404, "no such path");
        assertProblem(api.as(tenant.admin()).send("PUT", tenant.path(), "{}").expectStatus(405), 405, "PUT");
    }

    @Test
    void aPathIdThatIsNoUuidIs400() {
        TestApi.Response response = api.as(tenant.admin()).get("/v1/organizations/not-a-uuid").expectStatus(400);

        assertProblem(response, 400, "'orgId' must be a UUID");
    }

    @Test
    void aSecondServiceWithTheSameNameIs409() {
        Map<String, Object> body = Map.of("name", "twin", "provider", "azure", "region", "westus3", "tier", "DEVELOPMENT");
        api.as(tenant.admin()).post(tenant.path() + "/services", body).expectStatus(200);

        assertProblem(api.as(tenant.admin()).post(tenant.path() + "/services", body).expectStatus(409), 409, "'twin' already exists");
    }

    @Test
    void pagingRefusesSizesOutOfRangeAndForeignTokens() {
        assertProblem(api.as(tenant.admin()).get(tenant.path() + "/services?pageSize=1001").expectStatus(400), 400, "pageSize must be between 1 and 1000");
        assertProblem(api.as(tenant.admin()).get(tenant.path() + "/services?pageSize=0").expectStatus(400), 400, "pageSize");
        assertProblem(api.as(tenant.admin()).get(tenant.path() + "/services?pageToken=garbage!").expectStatus(400), 400, "pageToken");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsRefusedWith413AlsoUnderAnIdempotencyKey() throws Exception {
        byte[] huge = ("{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + tenant.path()))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (tenant.admin().keyId() + ":" + tenant.admin().secret()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                // no length given: the body arrives chunked and is only found too large while reading
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build();

        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("1 MiB");
    }

    @Test
    void aForgedPageTokenFarInTheFutureIs400() {
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("+999999999-12-31T23:59:59Z|" + java.util.UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertProblem(api.as(tenant.admin()).get(tenant.path() + "/services?pageToken=" + forged).expectStatus(400), 400, "pageToken");
    }

    @Test
    void aConflictIsNotReplayedForTheSameIdempotencyKey() {
        Map<String, Object> body = Map.of("name", "taken-" + java.util.UUID.randomUUID(), "provider", "aws",
                "region", "eu-west-1", "tier", "DEVELOPMENT");
        String holder = api.as(tenant.admin()).post(tenant.path() + "/services", body).expectStatus(200).result().get("service").get("id").asString();
        String key = java.util.UUID.randomUUID().toString();
        api.as(tenant.admin()).header("Idempotency-Key", key).post(tenant.path() + "/services", body).expectStatus(409);

        api.as(tenant.admin()).delete(tenant.path() + "/services/" + holder).expectStatus(200);
        TestApi.Response retried = api.as(tenant.admin()).header("Idempotency-Key", key).post(tenant.path() + "/services", body);

        assertThat(retried.status()).as("the retry the 409 asked for goes through").isEqualTo(200);
        assertThat(api.as(tenant.admin()).header("Idempotency-Key", key).post(tenant.path() + "/services", body).status())
                .as("and its answer is the one replayed from now on").isEqualTo(200);
    }

    @Test
    void aCallersRequestIdIsEchoedAndASaneOneIsMadeOtherwise() {
        TestApi.Response echoed = api.as(tenant.admin()).header("X-Request-Id", "portal-42").get(tenant.path());
        TestApi.Response invented = api.as(tenant.admin()).header("X-Request-Id", "bad id\twith tab").get(tenant.path());

        assertThat(echoed.header("X-Request-Id")).isEqualTo("portal-42");
        assertThat(echoed.json().get("requestId").asString()).isEqualTo("portal-42");
        assertThat(invented.header("X-Request-Id")).isNotEqualTo("bad id\twith tab").hasSize(36);
    }

    static void assertProblem(TestApi.Response response, int status, String detailContains) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asString()).contains(detailContains);
        assertThat(body.get("error").asString()).contains(detailContains);
        assertThat(body.get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.privatelink");
    }
}
