package dev.privatelink.cloud.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.privatelink.cloud.azure.AzureArmStub.DNS_RESOURCE_GROUP;
import static dev.privatelink.cloud.azure.AzureArmStub.PRIVATE_DNS_API_VERSION;
import static dev.privatelink.cloud.azure.AzureArmStub.SUBSCRIPTION;
import static dev.privatelink.cloud.azure.AzureArmStub.armError;
import static dev.privatelink.cloud.azure.AzureArmStub.body;
import static dev.privatelink.cloud.azure.AzureArmStub.json;
import static dev.privatelink.cloud.azure.AzureArmStub.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A and TXT record sets in Azure Private DNS through the real SDK against a stubbed Resource Manager. */
class AzurePrivateDnsRecordsIntegrationTests {

    static final String ZONE = "privatelink.azure.example.com";
    static final String ZONE_PATH = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + DNS_RESOURCE_GROUP
            + "/providers/Microsoft.Network/privateDnsZones/" + ZONE;
    // generous: a cold JVM on a busy machine answers its first HTTPS request slowly
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    static final int SLOWER_THAN_TIMEOUT_MS = (int) RESPONSE_TIMEOUT.plusMillis(1500).toMillis();

    static AzureArmStub arm;
    static RecordingGuard guard;
    static AzurePrivateDnsRecords records;

    @BeforeAll
    static void startArm() {
        arm = new AzureArmStub();
        AzureCloudProperties properties = arm.properties(RESPONSE_TIMEOUT);
        guard = new RecordingGuard();
        records = new AzurePrivateDnsRecords(properties, arm.subscriptions(properties), guard, new AzureErrors(Clock.systemUTC()));
    }

    @AfterAll
    static void stopArm() {
        arm.close();
    }

    @BeforeEach
    void resetArm() {
        arm.reset();
        guard.sites.clear();
    }

    @Test
    void upsertPutsAnARecordSetRelativeToTheZoneAndReturnsNoChangeId() {
        arm.server.stubFor(put(urlPathEqualTo(ZONE_PATH + "/A/abc123.westus3")).willReturn(json(201,
                recordSetA("abc123.westus3", 60, "10.20.1.4"))));

        String change = records.upsert(ZONE, "abc123.westus3." + ZONE + ".", "A", 60, List.of("10.20.1.4"));

        assertThat(change).isNull();
        assertThat(records.isChangeApplied(change)).isTrue();
        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertArmRequest(request);
        JsonNode properties = body(request).path("properties");
        assertThat(properties.path("ttl").asLong()).isEqualTo(60);
        assertThat(properties.path("aRecords").get(0).path("ipv4Address").asString()).isEqualTo("10.20.1.4");
        assertThat(guard.sites).containsExactly(new CallSite(CloudProvider.AZURE, SUBSCRIPTION,
                AzurePrivateDnsRecords.GLOBAL, ApiClass.AZURE_ARM_WRITE, "RecordSets_CreateOrUpdate"));
    }

    @Test
    void upsertOfTxtSplitsLongValuesIntoDnsStringsAndDropsQuotes() {
        arm.server.stubFor(put(urlPathEqualTo(ZONE_PATH + "/TXT/_verify")).willReturn(json(200, recordSetTxt())));
        String longValue = "v".repeat(300);

        records.upsert(ZONE, "_verify", "TXT", 300, List.of("\"token-123\"", longValue));

        JsonNode txt = body(onlyRequest()).path("properties").path("txtRecords");
        assertThat(txt.get(0).path("value").get(0).asString()).isEqualTo("token-123");
        assertThat(txt.get(1).path("value")).hasSize(2);
        assertThat(txt.get(1).path("value").get(0).asString()).hasSize(255);
        assertThat(txt.get(1).path("value").get(1).asString()).hasSize(45);
    }

    @Test
    void aZoneGivenByResourceIdIsAddressedThere() {
        String otherSubscription = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        String zoneId = "/subscriptions/" + otherSubscription + "/resourceGroups/rg-dns-other/providers/Microsoft.Network/privateDnsZones/" + ZONE;
        arm.server.stubFor(put(urlPathEqualTo(zoneId + "/A/@")).willReturn(json(200, recordSetA("@", 30, "10.0.0.9"))));

        records.upsert(zoneId, ZONE, "A", 30, List.of("10.0.0.9"));

        assertThat(onlyRequest().getUrl()).startsWith(zoneId + "/A/@?");
        assertThat(guard.sites).singleElement().extracting(CallSite::account).isEqualTo(otherSubscription);
    }

    @Test
    void deleteRemovesTheRecordSet() {
        arm.server.stubFor(delete(urlPathEqualTo(ZONE_PATH + "/A/abc123")).willReturn(aResponse().withStatus(200)));

        assertThat(records.delete(ZONE, "abc123", "A", 60, List.of("10.20.1.4"))).isNull();

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("DELETE");
        assertArmRequest(request);
    }

    @Test
    void deletingARecordSetOrZoneThatIsGoneIsNoError() {
        arm.server.stubFor(delete(urlPathEqualTo(ZONE_PATH + "/A/gone")).willReturn(aResponse().withStatus(204)));
        arm.server.stubFor(delete(urlPathEqualTo(ZONE_PATH + "/TXT/gone")).willReturn(armError(404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '" + ZONE + "' not found.")));

        records.delete(ZONE, "gone", "A", 60, List.of());
        records.delete(ZONE, "gone", "TXT", 60, List.of());

        assertThat(arm.requests()).hasSize(2);
    }

    @Test
    void upsertIntoAMissingZoneIsNotFound() {
        arm.server.stubFor(put(urlPathEqualTo(ZONE_PATH + "/A/abc")).willReturn(armError(404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '" + ZONE + "' not found.")));

        CloudException error = catchThrowableOfType(CloudException.class,
                () -> records.upsert(ZONE, "abc", "A", 60, List.of("10.0.0.1")));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
        assertThat(error.code()).isEqualTo("ParentResourceNotFound");
    }

    @Test
    void throttlingIsThrottledWithRetryAfterForUpsertAndDelete() {
        arm.server.stubFor(any(urlPathEqualTo(ZONE_PATH + "/A/abc")).willReturn(throttled(9)));

        CloudException upsert = catchThrowableOfType(CloudException.class,
                () -> records.upsert(ZONE, "abc", "A", 60, List.of("10.0.0.1")));
        CloudException delete = catchThrowableOfType(CloudException.class,
                () -> records.delete(ZONE, "abc", "A", 60, List.of()));

        assertThat(List.of(upsert, delete)).allSatisfy(error -> {
            assertThat(error.kind()).isEqualTo(CloudErrorKind.THROTTLED);
            assertThat(error.retryAfter()).contains(Duration.ofSeconds(9));
        });
        assertThat(arm.requests()).as("one HTTP attempt each").hasSize(2);
    }

    @Test
    void serverErrorsAreRetryableForUpsertAndDelete() {
        arm.server.stubFor(any(urlPathEqualTo(ZONE_PATH + "/A/abc")).willReturn(armError(500, "InternalServerError", "oops")));

        CloudException upsert = catchThrowableOfType(CloudException.class,
                () -> records.upsert(ZONE, "abc", "A", 60, List.of("10.0.0.1")));
        CloudException delete = catchThrowableOfType(CloudException.class,
                () -> records.delete(ZONE, "abc", "A", 60, List.of()));

        assertThat(List.of(upsert, delete)).extracting(CloudException::kind).containsOnly(CloudErrorKind.RETRYABLE);
        assertThat(arm.requests()).hasSize(2);
    }

    @Test
    void slowAnswersTimeOutRetryablyForUpsertAndDelete() {
        arm.server.stubFor(any(urlPathEqualTo(ZONE_PATH + "/A/abc"))
                .willReturn(json(200, recordSetA("abc", 60, "10.0.0.1")).withFixedDelay(SLOWER_THAN_TIMEOUT_MS)));

        CloudException upsert = catchThrowableOfType(CloudException.class,
                () -> records.upsert(ZONE, "abc", "A", 60, List.of("10.0.0.1")));
        CloudException delete = catchThrowableOfType(CloudException.class,
                () -> records.delete(ZONE, "abc", "A", 60, List.of()));

        assertThat(List.of(upsert, delete)).allSatisfy(error -> {
            assertThat(error.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
            assertThat(error.code()).isEqualTo("Timeout");
        });
    }

    @Test
    void onlyAAndTxtRecordsAreWritten() {
        assertThatThrownBy(() -> records.upsert(ZONE, "abc", "MX", 60, List.of("10 mail")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(arm.requests()).isEmpty();
    }

    @Test
    void aBareZoneNameWithoutAConfiguredResourceGroupIsRefused() {
        AzureCloudProperties noDns = new AzureCloudProperties(true, null, SUBSCRIPTION, null, null,
                arm.baseUrl(), null, RESPONSE_TIMEOUT);
        AzurePrivateDnsRecords unconfigured = new AzurePrivateDnsRecords(noDns, arm.subscriptions(noDns), guard,
                new AzureErrors(Clock.systemUTC()));

        CloudException error = catchThrowableOfType(CloudException.class,
                () -> unconfigured.upsert(ZONE, "abc", "A", 60, List.of("10.0.0.1")));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.TERMINAL);
        assertThat(error.getMessage()).contains("privatelink.clouds.azure.private-dns");
    }

    // --- bodies shaped as the privatedns 2024-06-01 examples (RecordSetAPut.json, RecordSetTXTPut.json) ---

    static String recordSetA(String name, long ttl, String ip) {
        return """
                {
                  "id": "%s/A/%s",
                  "etag": "3b1c1e9a-2d4f-4a8e-9f1b-6c0d2e3f4a5b",
                  "name": "%s",
                  "type": "Microsoft.Network/privateDnsZones/A",
                  "properties": {
                    "ttl": %d,
                    "fqdn": "%s.%s.",
                    "isAutoRegistered": false,
                    "aRecords": [
                      {"ipv4Address": "%s"}
                    ]
                  }
                }""".formatted(ZONE_PATH, name, name, ttl, name, ZONE, ip);
    }

    static String recordSetTxt() {
        return """
                {
                  "id": "%s/TXT/_verify",
                  "etag": "7e2d4c6b-8a9f-4b1c-a2d3-e4f5a6b7c8d9",
                  "name": "_verify",
                  "type": "Microsoft.Network/privateDnsZones/TXT",
                  "properties": {
                    "ttl": 300,
                    "fqdn": "_verify.%s.",
                    "isAutoRegistered": false,
                    "txtRecords": [
                      {"value": ["token-123"]}
                    ]
                  }
                }""".formatted(ZONE_PATH, ZONE);
    }

    LoggedRequest onlyRequest() {
        return arm.onlyRequest();
    }

    static void assertArmRequest(LoggedRequest request) {
        AzureArmStub.assertArmRequest(request, PRIVATE_DNS_API_VERSION);
    }
}
