package dev.privatelink.endpointservice.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import dev.privatelink.workflow.WorkflowView;
import dev.privatelink.workflow.Workflows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An operator gives an AWS endpoint service a private DNS name; the platform proves the domain to AWS. */
@IntegrationTest
class PrivateDnsVerificationIntegrationTests {

    static final String REGION = "us-east-2";
    static final String ZONE = "Z0TESTPUBLICZONE";
    static final String PATH = "/v1/operator/endpointServices";

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends clouds;
    @Autowired
    Workflows workflows;

    @Test
    void aServiceRegisteredWithAPrivateDnsNameIsVerifiedThroughItsTxtRecord() {
        String domain = uniqueDomain();
        Instant before = Instant.now();
        String cloudId = sandboxService();

        JsonNode registered = register(cloudId, "DB." + domain.toUpperCase() + ".").expectStatus(200).result();
        assertThat(registered.get("privateDnsName").asString()).isEqualTo("db." + domain);
        assertThat(registered.get("privateDnsVerification").get("state").asString()).isEqualTo("pendingVerification");

        String id = registered.get("id").asString();
        JsonNode verified = awaitPrivateDnsState(id, "verified");
        JsonNode verification = verified.get("privateDnsVerification");
        String txtName = verification.get("txtRecordName").asString();
        String txtValue = verification.get("txtRecordValue").asString();
        assertThat(txtName).endsWith("." + "db." + domain);
        assertThat(txtValue).isNotBlank();
        assertThat(absent(verification, "checkedAt")).isFalse();
        assertThat(absent(verification, "reason")).isTrue();

        // the record is in the configured public zone, with the value AWS asked for
        assertThat(txtRecord(txtName)).contains(List.of(txtValue));
        // the cloud itself now reports the name as verified
        EndpointServiceDescription cloud = clouds.endpointServices(CloudProvider.AWS)
                .describeEndpointService(new dev.privatelink.cloud.EndpointServiceRef(CloudProvider.AWS, null, REGION, cloudId));
        assertThat(cloud.privateDnsName()).isEqualTo("db." + domain);
        assertThat(cloud.privateDnsVerificationState()).isEqualTo("verified");

        JsonNode workflow = workflowOf(id);
        assertThat(workflow.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(doneSteps(workflow)).containsExactly("set-private-dns-name", "publish-txt-record", "await-dns-change",
                "start-verification", "await-verification");

        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?since=" + before).expectStatus(200).result();
        assertThat(operations(ledger)).contains("aws:setPrivateDnsName", "aws:upsertDnsRecord", "aws:getDnsChange",
                "aws:startPrivateDnsVerification", "aws:describeEndpointService");
    }

    @Test
    void aNameSetLaterIsVerifiedAndSettingItAgainStartsNothingNew() {
        String domain = uniqueDomain();
        String id = register(sandboxService(), null).expectStatus(200).result().get("id").asString();
        JsonNode plain = get(id);
        assertThat(absent(plain, "privateDnsName")).isTrue();
        assertThat(absent(plain, "privateDnsVerification")).isTrue();

        JsonNode patched = api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + id, Map.of("privateDnsName", "*." + domain))
                .expectStatus(200).result();
        assertThat(patched.get("privateDnsName").asString()).isEqualTo("*." + domain);
        JsonNode verified = awaitPrivateDnsState(id, "verified");
        // a wildcard's TXT record lives under the domain itself
        assertThat(verified.get("privateDnsVerification").get("txtRecordName").asString()).endsWith("." + domain);

        UUID first = workflows.findLatestFor(PrivateDnsVerification.NAME, UUID.fromString(id)).orElseThrow().id();
        api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + id, Map.of("privateDnsName", "*." + domain)).expectStatus(200);
        assertThat(workflows.findLatestFor(PrivateDnsVerification.NAME, UUID.fromString(id)).orElseThrow().id()).isEqualTo(first);
        assertThat(get(id).get("privateDnsVerification").get("state").asString()).isEqualTo("verified");
    }

    /**
     * The platform's zone silently drops the record (as when another tool that owns the zone prunes
     * records it did not create): AWS cannot find it, verification fails with a reason that says what
     * to check; once the zone keeps records again, setting the name again verifies it.
     */
    @Test
    void verificationFailsWithAnActionableReasonWhenTheTxtRecordIsNotInTheZone() {
        String domain = uniqueDomain();
        String trigger = "drop_txt_" + domain.replaceAll("[^a-z0-9]", "_");
        api.jdbc().sql("create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                + "if new.name like '%." + domain + "' then return null; end if; return new; end $$").update();
        api.jdbc().sql("create trigger " + trigger + " before insert or update on sandbox_dns_record "
                + "for each row execute function " + trigger + "()").update();
        String id;
        try {
            id = register(sandboxService(), "api." + domain).expectStatus(200).result().get("id").asString();
            JsonNode failed = awaitPrivateDnsState(id, "failed");
            JsonNode verification = failed.get("privateDnsVerification");
            String reason = verification.get("reason").asString();
            assertThat(reason).startsWith(PrivateDnsVerification.FAILED)
                    .contains(verification.get("txtRecordName").asString())
                    .contains(ZONE)
                    .contains("PATCH " + PATH + "/" + id);
            assertThat(txtRecord(verification.get("txtRecordName").asString())).isEmpty();

            JsonNode workflow = workflowOf(id);
            assertThat(workflow.get("status").asString()).isEqualTo("FAILED");
            assertThat(workflow.get("lastError").get("code").asString()).isEqualTo(PrivateDnsVerification.FAILED);
            assertThat(workflow.get("currentStep").asString()).isEqualTo("await-verification");
        } finally {
            api.jdbc().sql("drop trigger " + trigger + " on sandbox_dns_record").update();
            api.jdbc().sql("drop function " + trigger + "()").update();
        }

        api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + id, Map.of("privateDnsName", "api." + domain)).expectStatus(200);
        awaitPrivateDnsState(id, "verified");
    }

    @Test
    void invalidNamesAreRefusedSayingWhatIsWrong() {
        Map<String, String> refusals = Map.of(
                "-db.example.com", "must be 1-63 letters",
                "localhost", "at least two labels",
                "a..example.com", "empty label",
                "10.0.0.1", "must contain a letter",
                "db_1.example.com", "label 'db_1'",
                "db.*.example.com", "a wildcard is allowed only",
                "x".repeat(64) + ".example.com", "must be 1-63",
                "  ", "it is empty");
        refusals.forEach((name, why) -> {
            JsonNode refused = register("vpce-svc-0123456789abcdef0", name).expectStatus(400).json();
            assertThat(refused.get("error").asString()).contains("is not a valid DNS name").contains(why);
        });
        assertThat(api.jdbc().sql("select count(*) from endpoint_service where cloud_resource_id = 'vpce-svc-0123456789abcdef0'")
                .query(Long.class).single()).isZero();

        String id = register(sandboxService(), null).expectStatus(200).result().get("id").asString();
        assertThat(api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + id, Map.of("privateDnsName", "bad name.com"))
                .expectStatus(400).json().get("error").asString()).contains("is not a valid DNS name");
        assertThat(api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + id, Map.of()).expectStatus(400)
                .json().get("error").asString()).contains("privateDnsName is required");
        api.as(Credentials.DEV_OPERATOR).patch(PATH + "/" + UUID.randomUUID(), Map.of("privateDnsName", "db.example.com"))
                .expectStatus(404);
        assertThat(absent(get(id), "privateDnsName")).isTrue();
    }

    @Test
    void azureServicesAreToldToUsePrivateDnsZones() {
        Map<String, Object> body = Map.of("provider", "azure", "region", "westus3",
                "cloudResourceId", "/subscriptions/5a4db0c5-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
                        + "Microsoft.Network/privateLinkServices/pls-" + UUID.randomUUID(),
                "privateDnsName", "db.example.com");
        JsonNode refused = api.as(Credentials.DEV_OPERATOR).post(PATH, body).expectStatus(400).json();
        assertThat(refused.get("error").asString()).contains("AWS endpoint services only").contains("Private DNS zones");
    }

    @Test
    void onlyOperatorsSetPrivateDnsNames() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String id = register(sandboxService(), null).expectStatus(200).result().get("id").asString();
        for (Credentials key : List.of(tenant.admin(), tenant.developer())) {
            api.as(key).post(PATH, Map.of("provider", "aws", "region", REGION, "cloudResourceId", sandboxService(),
                    "privateDnsName", "db.example.com")).expectStatus(403);
            api.as(key).patch(PATH + "/" + id, Map.of("privateDnsName", "db.example.com")).expectStatus(403);
        }
        assertThat(absent(get(id), "privateDnsName")).isTrue();
    }

    // ---- helpers

    private TestApi.Response register(String cloudResourceId, String privateDnsName) {
        Map<String, Object> body = new HashMap<>(Map.of("provider", "aws", "region", REGION, "cloudResourceId", cloudResourceId));
        if (privateDnsName != null) {
            body.put("privateDnsName", privateDnsName);
        }
        return api.as(Credentials.DEV_OPERATOR).post(PATH, body);
    }

    private JsonNode get(String id) {
        return api.as(Credentials.DEV_OPERATOR).get(PATH + "/" + id).expectStatus(200).result();
    }

    private JsonNode awaitPrivateDnsState(String id, String state) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> get(id),
                s -> s.path("privateDnsVerification").isObject()
                        && state.equals(s.get("privateDnsVerification").get("state").asString()));
    }

    private JsonNode workflowOf(String id) {
        WorkflowView view = workflows.findLatestFor(PrivateDnsVerification.NAME, UUID.fromString(id)).orElseThrow();
        return api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows/" + view.id()).expectStatus(200).result();
    }

    private static boolean absent(JsonNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode();
    }

    private static List<String> doneSteps(JsonNode workflow) {
        return workflow.get("history").valueStream()
                .filter(h -> "DONE".equals(h.get("outcome").asString()))
                .map(h -> h.get("step").asString())
                .toList();
    }

    private static List<String> operations(JsonNode ledger) {
        return ledger.get("operations").valueStream()
                .map(o -> o.get("provider").asString() + ":" + o.get("operation").asString())
                .toList();
    }

    private Optional<List<String>> txtRecord(String name) {
        return api.jdbc().sql("select record_values from sandbox_dns_record where provider = 'aws' and zone_id = ? "
                        + "and name = ? and type = 'TXT'")
                .params(ZONE, name)
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .optional();
    }

    /** An endpoint service that exists in the sandbox's AWS, as one an operator would register. */
    private String sandboxService() {
        return clouds.endpointServiceCreation(CloudProvider.AWS).orElseThrow().createEndpointService(null, REGION, UUID.randomUUID().toString()).ref().cloudResourceId();
    }

    private static String uniqueDomain() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }
}
