package dev.privatelink.clickhouse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.privatelink.clickhouse.ClickHouseContractIntegrationTests.REFERENCE;
import static dev.privatelink.clickhouse.ClickHouseContractIntegrationTests.describe;
import static dev.privatelink.clickhouse.ClickHouseContractIntegrationTests.drift;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract test's validation catches the drifts it exists for, and tolerates only what its lists name. */
class ReferenceDocumentUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENVELOPE = "{\"status\":200,\"requestId\":\"6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f\",\"result\":%s}";
    private static final String SERVICE = """
            {"id":"8f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60","name":"analytics","provider":"aws","region":"us-west-2",
             "tier":"production","state":"running","createdAt":"2026-01-01T00:00:00Z","privateEndpointIds":[],
             "availablePrivateEndpointIds":[],"ipAccessList":[],"tags":[],"isPrimary":true}""";

    @Test
    void anAnswerOfTheRightShapeDriftsNowhere() {
        Set<String> seen = new HashSet<>();

        assertThat(describe(drift(validate("instanceGet", SERVICE), seen))).isEmpty();
        assertThat(describe(drift(validate("instanceCreate", "{\"service\":" + SERVICE + "}"), seen))).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder("Service.autoscalingMode", "Service.currentScaling");
    }

    @Test
    void anUpperCaseTierIsDrift() {
        assertThat(describe(drift(validate("instanceGet", SERVICE.replace("\"production\"", "\"PRODUCTION\"")), new HashSet<>())))
                .anySatisfy(error -> assertThat(error).startsWith("/result/tier enum"));
    }

    @Test
    void theServiceInsteadOfServicePostResponseIsDrift() {
        assertThat(describe(drift(validate("instanceCreate", SERVICE), new HashSet<>())))
                .anySatisfy(error -> assertThat(error).startsWith("/result additionalProperties"));
    }

    @Test
    void theServiceInsteadOfTheInstancePrivateEndpointIsDrift() {
        assertThat(describe(drift(validate("instancePrivateEndpointCreate", SERVICE), new HashSet<>())))
                .anySatisfy(error -> assertThat(error).startsWith("/result additionalProperties"));
    }

    @Test
    void aFieldNoListNamesIsDriftAndAListedExtensionIsNot() {
        String organization = """
                {"id":"0b5e7a9e-2c4d-4f6a-8b1c-3d5e7f9a1b2c","name":"acme","createdAt":"2026-01-01T00:00:00Z",
                 "privateEndpoints":[],"enableCoreDumps":false,"plan":"SCALE"%s}""";

        assertThat(drift(validate("organizationGet", organization.formatted("")), new HashSet<>())).isEmpty();
        assertThat(describe(drift(validate("organizationGet", organization.formatted(",\"colour\":\"red\"")), new HashSet<>())))
                .singleElement().asString().contains("colour");
    }

    @Test
    void aNonUuidIdAndATimestampWithoutOffsetAreDrift() {
        String key = "{\"key\":{\"id\":\"AbCdEfGhIjKlMnOpQrSt\",\"createdAt\":\"2026-01-01T00:00:00\"},\"keyId\":\"k\",\"keySecret\":\"s\"}";

        assertThat(describe(drift(validate("openapiKeyCreate", key), new HashSet<>())))
                .anySatisfy(error -> assertThat(error).startsWith("/result/key/id format"))
                .anySatisfy(error -> assertThat(error).startsWith("/result/key/createdAt format"));
    }

    private static List<com.networknt.schema.Error> validate(String operationId, String result) {
        JsonNode body = JSON.readTree(ENVELOPE.formatted(result));
        return REFERENCE.validateResponse(operationId, 200, body);
    }
}
