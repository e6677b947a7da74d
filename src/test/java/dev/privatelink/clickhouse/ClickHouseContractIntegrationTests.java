package dev.privatelink.clickhouse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our API against ClickHouse Cloud's published API document, operation by operation: each row sends a
 * request built from the reference (its examples, schema-valid bodies with every field, and the bodies
 * ClickHouse's Terraform provider and clickhousectl send) to the running service, and validates the
 * answer against the reference's response schema for that operation and status (JSON Schema 2020-12,
 * formats asserted). A row is one line of {@link #rows()}: method, our path, the reference's
 * operationId, the request. Placeholders in braces ({@code {orgId}}, {@code {serviceId}}, …) are
 * filled by {@link Fixture} for each row with objects of a fresh organization.
 *
 * <p>What the reference requires and we leave out is listed in {@link #LEFT_OUT}, each with its reason;
 * nothing else may differ.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickHouseContractIntegrationTests {

    static final ReferenceDocument REFERENCE = ReferenceDocument.load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The operations ClickHouse Cloud's API and ours share; every one has rows below. */
    static final List<String> SHARED_OPERATIONS = List.of(
            "organizationGetList", "organizationGet", "organizationUpdate", "organizationPrivateEndpointConfigGetList",
            "instanceGetList", "instanceCreate", "instanceGet", "instanceUpdate", "instanceDelete",
            "instancePrivateEndpointConfigGet", "instancePrivateEndpointCreate", "openapiKeyGetList", "openapiKeyCreate",
            "clickPipeReversePrivateEndpointGetList", "clickPipeReversePrivateEndpointCreate", "clickPipeReversePrivateEndpointGet",
            "clickPipeReversePrivateEndpointUpdate", "clickPipeReversePrivateEndpointDelete");

    /**
     * Fields of the reference's response schemas that we leave out because they describe a running
     * database, which this control plane does not run: it would have to invent them. They never appear in
     * our answers; the required ones are the only validation errors tolerated.
     */
    static final List<LeftOut> LEFT_OUT = List.of(
            new LeftOut("Service", "autoscalingMode", "the configured autoscaling mode of the database's compute: "
                    + "there is no compute here to configure; the setting is accepted on create and ignored"),
            new LeftOut("Service", "currentScaling", "the scaling currently applied to the running database: "
                    + "no database runs here"),
            new LeftOut("ServicePostResponse", "password", "the new database's default user's password: no database "
                    + "is created here, so there is no password, and we never invent one"));

    record LeftOut(String schema, String field, String reason) {
    }

    /**
     * The fields our answers add to the reference's schemas, per schema ("response" for an operation's own
     * response schema: the envelope or the error body). The reference's schemas are open; the answers are
     * validated against closed copies, so any other added field fails, and so does an answer of another
     * shape that shares a few names with the right one.
     */
    static final Map<String, Set<String>> EXTENSIONS = Map.of(
            "response", Set.of(
                    "nextPageToken", // a page asked for with pageSize when more follow
                    "result", // instanceDelete: the deleted service (the reference's answer has no result)
                    "type", "title", "detail", "instance"), // errors are RFC 9457 problem details besides status, error, requestId
            "Organization", Set.of("plan"),
            "OrganizationPrivateEndpoint", Set.of("registrationId", "status"),
            "InstancePrivateEndpoint", Set.of("registrationId", "status"),
            "PrivateEndpointConfig", Set.of("cloudProvider", "region", "requiredPorts", "dnsZone"),
            "OrganizationCloudRegionPrivateEndpointConfig", Set.of("cloudProvider", "region", "dnsZone"),
            "ApiKey", Set.of("keyId", "role", "expiresAt", "lastUsedAt"),
            // the reason of a status, where the endpoint lives, the cloud's own word, and the step history
            "ReversePrivateEndpoint", Set.of("statusReason", "region", "cloudState", "customPrivateDnsStatus", "createdAt",
                    "updatedAt", "history"),
            // the request fields of this API's own, earlier shape, kept for its callers
            "OrganizationPatchRequest", Set.of("plan"),
            "ApiKeyPostRequest", Set.of("role", "expiresAt"));

    /**
     * Optional fields of the reference's response schemas that our answers do not carry, besides
     * {@link #LEFT_OUT}: what they would state about the database we do not run or keep, or what is not
     * offered here.
     */
    static final Map<String, Set<String>> NOT_RETURNED = Map.of(
            // the database's configuration and runtime: accepted and ignored on requests, so nothing true to show
            "Service", Set.of("clickhouseVersion", "endpoints", "minTotalMemoryGb", "maxTotalMemoryGb", "minReplicaMemoryGb",
                    "maxReplicaMemoryGb", "numReplicas", "minReplicas", "maxReplicas", "replicaMemoryGb", "idleScaling",
                    "idleTimeoutMinutes", "encryptionKey", "encryptionAssumedRoleIdentifier", "iamRole", "dataWarehouseId",
                    "isReadonly", "releaseChannel", "byocId", "hasTransparentDataEncryption", "profile",
                    "transparentDataEncryptionKeyId", "encryptionRoleId", "complianceType", "enableCoreDumps",
                    "scalingSchedule"),
            "Organization", Set.of("byocConfig"), // Bring Your Own Cloud is not offered here
            "ReversePrivateEndpoint", Set.of("gcpServiceAttachment"), // this platform runs on AWS: no GCP endpoint exists
            "ApiKey", Set.of("ipAccessList")); // keys are not restricted by address here

    /** Our schema for each of the reference's, where the names differ. */
    static final Map<String, String> OUR_SCHEMA = Map.of(
            "InstancePrivateEndpoint", "OrganizationPrivateEndpoint",
            "ServicPrivateEndpointePostRequest", "ServicePrivateEndpointPostRequest",
            "ResourceTagsV1", "ResourceTag");

    /** Fields of the reference's request schemas that we answer 400 to when sent, with the reason. */
    static final Map<String, String> REFUSED_FIELDS = Map.of(
            "clickPipeReversePrivateEndpointCreate.gcpServiceAttachment", "GCP Private Service Connect: this platform runs on "
                    + "AWS, so GCP_PSC_SERVICE_ATTACHMENT answers 400 saying so",
            "openapiKeyCreate.hashData", "keys are generated here: the client's hashes of a key it made itself cannot be "
                    + "checked against our own hashing; the answer carries keyId and keySecret instead");

    // one line per request:  method, our path, the reference's operationId, the request ───────────────────────────
    static List<Row> rows() {
        return List.of(
                get("/v1/organizations", "organizationGetList"),
                get("/v1/organizations/{orgId}", "organizationGet"),
                patch("/v1/organizations/{orgId}", "organizationUpdate", everyField(Map.of(
                        "/privateEndpoints/add/0/cloudProvider", "aws", "/privateEndpoints/add/0/id", "{vpce1}",
                        "/privateEndpoints/remove/0/cloudProvider", "aws", "/privateEndpoints/remove/0/id", "{vpce2}"))),
                patch("/v1/organizations/{orgId}", "organizationUpdate", json("""
                        {"enableCoreDumps":true}"""), "Terraform clickhouse_organization_settings"),
                patch("/v1/organizations/{orgId}", "organizationUpdate", json("""
                        {"privateEndpoints":{"add":[{"cloudProvider":"aws","description":"d","id":"{vpce1}","region":"us-east-1"}]}}"""),
                        "Terraform < 3.2 private endpoint registration, create"),
                patch("/v1/organizations/{orgId}", "organizationUpdate", json("""
                        {"privateEndpoints":{"add":[{"cloudProvider":"aws","description":"new","id":"{registeredVpce}","region":"us-west-2"}],
                         "remove":[{"cloudProvider":"aws","description":"old","id":"{registeredVpce}","region":"us-west-2"}]}}"""),
                        "Terraform < 3.2 private endpoint registration, update: the removed item carries its description"),
                patch("/v1/organizations/{orgId}", "organizationUpdate", json("""
                        {"name":"renamed by clickhousectl"}"""), "clickhousectl org update --name"),
                patch("/v1/organizations/{orgId}", "organizationUpdate", json("""
                        {"enableCoreDump":true}"""), "a misspelt field").status(400),
                get("/v1/organizations/{orgId}/privateEndpointConfig?cloud_provider=aws&region_id=us-east-1",
                        "organizationPrivateEndpointConfigGetList"),

                get("/v1/organizations/{orgId}/services", "instanceGetList"),
                get("/v1/organizations/{orgId}/services", "instanceGetList").queryFromExample("filter"),
                get("/v1/organizations/{orgId}/services?filter=name:x", "instanceGetList").status(400),
                post("/v1/organizations/{orgId}/services", "instanceCreate", everyField(Map.of(
                        "/name", "{name}", "/ipAccessList/0/source", "203.0.113.0/24", "/privateEndpointIds/0", "{vpce1}"))),
                post("/v1/organizations/{orgId}/services", "instanceCreate", json("""
                        {"isReadonly":false,"name":"{name}","provider":"aws","region":"us-east-1","tier":"production","idleScaling":true,
                         "ipAccessList":[{"source":"0.0.0.0/0","description":"Anywhere"}],"minReplicaMemoryGb":8,"maxReplicaMemoryGb":120}"""),
                        "Terraform clickhouse_service"),
                post("/v1/organizations/{orgId}/services", "instanceCreate", json("""
                        {"name":"{name}","provider":"aws","region":"us-east-1",
                         "ipAccessList":[{"source":"0.0.0.0/0","description":"Allow all (created by clickhousectl)"}]}"""),
                        "clickhousectl service create (no tier)"),
                post("/v1/organizations/{orgId}/services", "instanceCreate", json("""
                        {"name":"{name}","provider":"azure","region":"westus3","tier":"production"}"""), "Azure"),
                post("/v1/organizations/{orgId}/services", "instanceCreate", json("""
                        {"name":"{name}","provider":"aws","region":"us-east-1","colour":"red"}"""), "a field in neither schema")
                        .status(400),
                get("/v1/organizations/{orgId}/services/{serviceId}", "instanceGet"),
                patch("/v1/organizations/{orgId}/services/{serviceId}", "instanceUpdate", everyField(Map.of(
                        "/name", "{name}", "/ipAccessList/add/0/source", "198.51.100.7", "/ipAccessList/remove/0/source", "203.0.113.9",
                        "/privateEndpointIds/add/0", "{vpce1}", "/privateEndpointIds/remove/0", "{vpce2}"))),
                patch("/v1/organizations/{orgId}/services/{serviceId}", "instanceUpdate", json("""
                        {"privateEndpointIds":{"add":["{attachedVpce}","{vpce1}"],"remove":["{attachedVpce}"]}}"""),
                        "Terraform private endpoints attachment: replace-all, remove then add"),
                patch("/v1/organizations/{orgId}/services/{serviceId}", "instanceUpdate", json("""
                        {"ipAccessList":{"add":[{"source":"10.0.0.0/8","description":"office"}],"remove":[]},
                         "privateEndpointIds":{"add":[],"remove":[]},"releaseChannel":"fast","endpoints":[{"enabled":true,"protocol":"mysql"}],
                         "tags":{"add":[{"key":"team","value":"data"}],"remove":[]},"enableCoreDumps":false}"""),
                        "clickhousectl service update"),
                patch("/v1/organizations/{orgId}/services/{serviceId}", "instanceUpdate", json("""
                        {"privateEndpointIds":{"add":["{vpce1}"]}}"""), "the seeds' pl_config.json"),
                delete("/v1/organizations/{orgId}/services/{serviceId}", "instanceDelete"),
                get("/v1/organizations/{orgId}/services/{serviceId}/privateEndpointConfig", "instancePrivateEndpointConfigGet"),
                get("/v1/organizations/{orgId}/services/{azureDevelopmentServiceId}/privateEndpointConfig",
                        "instancePrivateEndpointConfigGet"),
                post("/v1/organizations/{orgId}/services/{serviceId}/privateEndpoint", "instancePrivateEndpointCreate",
                        everyField(Map.of("/id", "{vpce1}"))),
                post("/v1/organizations/{orgId}/services/{serviceId}/privateEndpoint", "instancePrivateEndpointCreate", json("""
                        {"description":"","id":"{vpce1}"}"""), "clickhousectl service private-endpoint create"),

                get("/v1/organizations/{orgId}/keys", "openapiKeyGetList"),
                post("/v1/organizations/{orgId}/keys", "openapiKeyCreate", everyField(Map.of(
                        "/assignedRoleIds/0", "3c1f6e52-7a4b-4d0e-9b8a-1f2e3d4c5b01", "/ipAccessList/0/source", "0.0.0.0/0",
                        "/hashData", REFUSED))),
                post("/v1/organizations/{orgId}/keys", "openapiKeyCreate", json("""
                        {"assignedRoleIds":[],"ipAccessList":[],"name":"ci","roles":["developer"],"state":"enabled"}"""),
                        "clickhousectl key create"),
                post("/v1/organizations/{orgId}/keys", "openapiKeyCreate", json("""
                        {"name":"dashboard","role":"DEVELOPER"}"""), "this API's own body (README)"),
                post("/v1/organizations/{orgId}/keys", "openapiKeyCreate", json("""
                        {"name":"mine","roles":["admin"],"hashData":{"keyIdHash":"a","keyIdSuffix":"b","keySecretHash":"c"}}"""),
                        "client-side hashes").status(400),

                get("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints",
                        "clickPipeReversePrivateEndpointGetList"),
                post("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints",
                        "clickPipeReversePrivateEndpointCreate", json("""
                        {"description":"pg","type":"VPC_ENDPOINT_SERVICE","vpcEndpointServiceName":"{customerEndpointServiceName}"}"""),
                        "Terraform clickhouse_clickpipes_reverse_private_endpoint"),
                post("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints",
                        "clickPipeReversePrivateEndpointCreate", json("""
                        {"description":"kafka","type":"MSK_MULTI_VPC","mskClusterArn":"{customerMskClusterArn}","mskAuthentication":"SASL_IAM",
                         "customPrivateDnsMappings":[]}"""), "MSK multi-VPC"),
                post("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints",
                        "clickPipeReversePrivateEndpointCreate", json("""
                        {"description":"rds","type":"VPC_RESOURCE","vpcResourceConfigurationId":"{customerResourceConfigurationId}",
                         "vpcResourceShareArn":"{customerResourceShareArn}"}"""), "VPC resource shared over RAM"),
                post("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints",
                        "clickPipeReversePrivateEndpointCreate", json("""
                        {"description":"psc","type":"GCP_PSC_SERVICE_ATTACHMENT","gcpServiceAttachment":"projects/p/regions/r/serviceAttachments/s"}"""),
                        "a type this platform does not run").status(400),
                get("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}",
                        "clickPipeReversePrivateEndpointGet"),
                patch("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}",
                        "clickPipeReversePrivateEndpointUpdate", json("""
                        {"customPrivateDnsMappings":[{"privateDnsName":"db.example.com"},{"privateDnsName":"*.example.com"}]}"""),
                        "Terraform clickhouse_clickpipes_reverse_private_endpoint_custom_private_dns"),
                patch("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}",
                        "clickPipeReversePrivateEndpointUpdate", json("""
                        {"customPrivateDnsMappings":[]}"""), "clearing the mappings"),
                delete("/v1/organizations/{orgId}/services/{serviceId}/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}",
                        "clickPipeReversePrivateEndpointDelete"));
    }

    @Autowired
    TestApi api;

    private final Set<String> toleratedRequired = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rowsRun = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachAnswerIsValidUnderTheReferenceSchema(Row row) {
        ReferenceDocument.Operation reference = REFERENCE.operation(row.operationId());
        assertThat(row.method() + " " + template(row.path()))
                .as("the row's method and path are the reference operation's").isEqualTo(reference.method() + " " + template(reference.path()));
        Fixture fixture = new Fixture(api);
        ObjectNode request = row.request(REFERENCE);
        JsonNode body = request == null ? null : JSON.readTree(fixture.fill(request.toString()));
        if (body != null) {
            assertThat(describe(REFERENCE.validateRequest(row.operationId(), body)))
                    .as("the request is valid under the reference's request schema").isEmpty();
        }

        TestApi.Response response = api.as(fixture.tenant().admin())
                .send(row.method(), fixture.fill(row.path() + row.query(REFERENCE)), body == null ? null : body.toString());

        assertThat(response.status()).as(response.body()).isEqualTo(row.status());
        List<Error> errors = REFERENCE.validateResponse(row.operationId(), row.status(), response.json());
        assertThat(errors).as("the reference declares a schema for status " + row.status()).isNotNull();
        assertThat(describe(drift(errors, toleratedRequired))).as("answer: " + response.body()).isEmpty();
        for (LeftOut out : LEFT_OUT) {
            assertThat(response.json().findValues(out.field())).as(out.field() + " is left out: " + out.reason()).isEmpty();
        }
        rowsRun.incrementAndGet();
    }

    /**
     * The errors that are drift: all but a missing field {@link #LEFT_OUT} names for that schema (noted in
     * {@code leftOutSeen}) and an added field {@link #EXTENSIONS} names for it.
     */
    static List<Error> drift(List<Error> errors, Set<String> leftOutSeen) {
        return errors.stream().filter(e -> !leftOut(e, leftOutSeen) && !extension(e)).toList();
    }

    private static boolean leftOut(Error error, Set<String> seen) {
        if (!"required".equals(error.getKeyword())) {
            return false;
        }
        for (LeftOut out : LEFT_OUT) {
            if (out.field().equals(error.getProperty()) && out.schema().equals(ReferenceDocument.schemaOf(error))) {
                seen.add(out.schema() + "." + out.field());
                return true;
            }
        }
        return false;
    }

    private static boolean extension(Error error) {
        return "additionalProperties".equals(error.getKeyword())
                && EXTENSIONS.getOrDefault(ReferenceDocument.schemaOf(error), Set.of()).contains(error.getProperty());
    }

    @AfterAll
    void everyRequiredFieldLeftOutIsStillRequiredAndStillLeftOut() {
        if (rowsRun.get() < rows().size()) {
            return; // some rows were left out of this run, or failed: their answers are not all known
        }
        Set<String> required = LEFT_OUT.stream().filter(o -> REFERENCE.isRequired(o.schema(), o.field()))
                .map(o -> o.schema() + "." + o.field()).collect(Collectors.toSet());
        assertThat(toleratedRequired).as("LEFT_OUT lists required fields no answer missed: remove them from the list")
                .containsExactlyInAnyOrderElementsOf(required);
    }

    @Test
    void everySharedOperationIsCoveredByASuccessfulRequest() {
        Set<String> covered = rows().stream().filter(r -> r.status() == 200).map(Row::operationId).collect(Collectors.toSet());
        assertThat(covered).containsAll(SHARED_OPERATIONS);
    }

    @Test
    void everyFieldOfEveryReferenceRequestSchemaIsSentOrItsRefusalExplained() {
        for (String operationId : SHARED_OPERATIONS) {
            if (!REFERENCE.operation(operationId).definition().has("requestBody")) {
                continue;
            }
            Set<String> sent = new HashSet<>();
            rows().stream().filter(r -> r.operationId().equals(operationId) && r.status() == 200 && r.body() != null)
                    .forEach(r -> r.request(REFERENCE).propertyNames().forEach(sent::add));
            for (String field : REFERENCE.requestProperties(operationId)) {
                assertThat(sent.contains(field) || REFUSED_FIELDS.containsKey(operationId + "." + field))
                        .as(operationId + " field " + field + " is sent by an accepted request, or its refusal is explained")
                        .isTrue();
            }
        }
    }

    @Test
    void ourDescriptionNamesEveryFieldOfTheReferencesSchemasButThoseListedAndAddsOnlyTheListedExtensions() {
        JsonNode ours = api.anonymous().get("/v3/api-docs").expectStatus(200).json().get("components").get("schemas");
        Set<String> schemas = REFERENCE.schemasOf(SHARED_OPERATIONS, notDescribed());
        assertThat(schemas).contains("Service", "ServicePostRequest", "ServicePatchRequest", "OrganizationPatchPrivateEndpoint",
                "InstancePrivateEndpoint", "ApiKeyPostRequest", "ApiKey", "IpAccessListEntry", "ResourceTagsV1")
                .doesNotContain("ByocConfig", "CurrentScaling");
        for (String schema : schemas) {
            String name = OUR_SCHEMA.getOrDefault(schema, schema);
            assertThat(ours.has(name)).as("our description has a schema for the reference's " + schema).isTrue();
            Set<String> theirs = new HashSet<>(REFERENCE.schema(schema).path("properties").propertyNames());
            Set<String> mine = new HashSet<>(ours.get(name).path("properties").propertyNames());
            Set<String> leftOut = notDescribed().getOrDefault(schema, Set.of());
            Set<String> missing = new HashSet<>(theirs);
            missing.removeAll(mine);
            Set<String> added = new HashSet<>(mine);
            added.removeAll(theirs);
            assertThat(missing).as(schema + ": the reference's fields we do not describe").isEqualTo(leftOut);
            assertThat(EXTENSIONS.getOrDefault(schema, Set.of())).as(schema + ": the fields we add").containsAll(added);
        }
    }

    /** Per schema of the reference, its fields our answers do not carry: {@link #NOT_RETURNED} and {@link #LEFT_OUT}. */
    private static Map<String, Set<String>> notDescribed() {
        Map<String, Set<String>> fields = new java.util.HashMap<>();
        NOT_RETURNED.forEach((schema, names) -> fields.computeIfAbsent(schema, s -> new HashSet<>()).addAll(names));
        LEFT_OUT.forEach(o -> fields.computeIfAbsent(o.schema(), s -> new HashSet<>()).add(o.field()));
        return fields;
    }

    @Test
    void ourDocumentedExamplesOfTheSharedOperationsAreValidUnderTheReference() {
        JsonNode paths = api.anonymous().get("/v3/api-docs").expectStatus(200).json().get("paths");
        Set<String> checked = new HashSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String ours = operation.getKey().toUpperCase() + " " + template(path.getKey());
            for (String operationId : SHARED_OPERATIONS) {
                ReferenceDocument.Operation reference = REFERENCE.operation(operationId);
                if (!ours.equals(reference.method() + " " + template(reference.path()))) {
                    continue;
                }
                JsonNode request = operation.getValue().at("/requestBody/content/application~1json/example");
                if (!request.isMissingNode()) {
                    assertThat(describe(REFERENCE.validateRequest(operationId, request))).as(operationId + " request example").isEmpty();
                }
                JsonNode answer = operation.getValue().at("/responses/200/content/application~1json/example");
                assertThat(describe(drift(REFERENCE.validateResponse(operationId, 200, answer), new HashSet<>())))
                        .as(operationId + " answer example").isEmpty();
                checked.add(operationId);
            }
        }));
        assertThat(checked).containsExactlyInAnyOrderElementsOf(SHARED_OPERATIONS);
    }

    private static String template(String path) {
        return path.replaceAll("\\?.*", "").replaceAll("\\{[^}]+}", "{}");
    }

    static List<String> describe(List<Error> errors) {
        return errors.stream().map(e -> e.getInstanceLocation() + " " + e.getKeyword() + ": " + e.getMessage()).toList();
    }

    // ── the table's vocabulary ──────────────────────────────────────────────────────────────────────────────────

    /** Marks a field of an every-field body that is left out, because we refuse it ({@link #REFUSED_FIELDS}). */
    static final Object REFUSED = new Object();

    /**
     * @param body    the request body, or null
     * @param example a query parameter whose example in the reference is sent, or null
     */
    record Row(String method, String path, String operationId, Body body, String source, int status, String example) {

        Row status(int expected) {
            return new Row(method, path, operationId, body, source, expected, example);
        }

        /** Sends the reference's example of this query parameter (repeated for an array). */
        Row queryFromExample(String parameter) {
            return new Row(method, path, operationId, body, "the reference's example of " + parameter, status, parameter);
        }

        ObjectNode request(ReferenceDocument reference) {
            return body == null ? null : body.build(reference, operationId);
        }

        String query(ReferenceDocument reference) {
            if (example == null) {
                return "";
            }
            JsonNode value = reference.parameterExample(operationId, example);
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.asString()));
            } else {
                values.add(value.asString());
            }
            return values.stream().map(v -> example + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&", path.contains("?") ? "&" : "?", ""));
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + operationId + (source == null ? "" : ", " + source) + ") → " + status;
        }
    }

    static Row get(String path, String operationId) {
        return new Row("GET", path, operationId, null, null, 200, null);
    }

    static Row delete(String path, String operationId) {
        return new Row("DELETE", path, operationId, null, null, 200, null);
    }

    static Row post(String path, String operationId, Body body) {
        return new Row("POST", path, operationId, body, body.source(), 200, null);
    }

    static Row post(String path, String operationId, Body body, String source) {
        return new Row("POST", path, operationId, body, source, 200, null);
    }

    static Row patch(String path, String operationId, Body body) {
        return new Row("PATCH", path, operationId, body, body.source(), 200, null);
    }

    static Row patch(String path, String operationId, Body body, String source) {
        return new Row("PATCH", path, operationId, body, source, 200, null);
    }

    /** A request body for an operation of the reference. */
    interface Body {
        ObjectNode build(ReferenceDocument reference, String operationId);

        String source();
    }

    /** A body as a client sends it. */
    static Body json(String text) {
        ObjectNode body = (ObjectNode) JSON.readTree(text);
        return new Body() {
            public ObjectNode build(ReferenceDocument reference, String operationId) {
                return body.deepCopy();
            }

            public String source() {
                return "as a client sends it";
            }
        };
    }

    /**
     * Every property of the operation's request schema, built from the reference; {@code overrides} (JSON
     * pointer → value) put in what our objects need (a valid endpoint id, a unique name), or leave out a
     * field we refuse ({@link #REFUSED}).
     */
    static Body everyField(Map<String, Object> overrides) {
        return new Body() {
            public ObjectNode build(ReferenceDocument reference, String operationId) {
                ObjectNode body = reference.everyField(operationId);
                overrides.forEach((pointer, value) -> {
                    int slash = pointer.lastIndexOf('/');
                    JsonNode parent = body.at(pointer.substring(0, slash));
                    String name = pointer.substring(slash + 1);
                    if (parent.isMissingNode()) {
                        throw new IllegalArgumentException(operationId + " has no " + pointer);
                    }
                    if (value == REFUSED) {
                        ((ObjectNode) parent).remove(name);
                    } else if (parent.isArray()) {
                        ((ArrayNode) parent).set(Integer.parseInt(name), JSON.valueToTree(value));
                    } else {
                        ((ObjectNode) parent).set(name, JSON.valueToTree(value));
                    }
                });
                return body;
            }

            public String source() {
                return "every field, from the reference's schema";
            }
        };
    }
}
