package dev.privatelink.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route × every kind of caller, against its own organization and another one: two
 * organizations, ADMIN / DEVELOPER / OPERATOR keys and no key at all.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesIntegrationTests {

    @Autowired
    TestApi api;

    Tenant own;
    Tenant other;

    /** Where the matrix's webhooks point (nothing is delivered to it: no event type they name happens here). */
    private WebhookReceiver receiver;
    private final Map<UUID, String> sharedWebhooks = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void twoOrganizations() {
        own = api.newTenant("SCALE");
        other = api.newTenant("SCALE");
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** Who calls, and whether the object addressed belongs to the caller's organization. */
    enum Caller {
        ADMIN_OWN, DEVELOPER_OWN, ADMIN_OTHER, DEVELOPER_OTHER, OPERATOR, NONE
    }

    /**
     * A route and the status each caller gets. The path and body are built against the target
     * organization with fresh objects, so destructive calls never depend on each other.
     */
    record Route(String name, String method, Function<Target, String> path, Function<Target, Object> body,
                 Needs needs, int[] expected) {
        Route(String name, String method, Function<Target, String> path, Object body, int[] expected) {
            this(name, method, path, t -> body, Needs.SERVICE_AND_KEY, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Which fresh objects a route needs beyond a service and a key; each one costs HTTP calls. */
    enum Needs {
        SERVICE_AND_KEY,
        /** a sandbox VPC endpoint created against the service's endpoint service, not registered */
        SANDBOX_ENDPOINT,
        /** such an endpoint, registered with the organization by its admin */
        REGISTERED_ENDPOINT,
        /** an Azure service and a sandbox private endpoint to it, not registered */
        AZURE_ENDPOINT,
        /** an endpoint service in the customer's own (sandbox) account, for reverse endpoints */
        CUSTOMER_SERVICE,
        /** a webhook of the organization, shared by the routes that only read or re-enable it */
        WEBHOOK,
        /** a webhook of the organization of its own (the route deletes it) */
        FRESH_WEBHOOK
    }

    /**
     * @param endpointServiceName the service's AWS endpoint service name (null unless needed)
     * @param endpointId          a fresh sandbox VPC endpoint id (null unless needed)
     * @param azureEndpointGuid   a fresh sandbox Azure private endpoint's resourceGuid (null unless needed)
     * @param customerServiceId   a fresh endpoint service in the customer's sandbox account (null unless needed)
     * @param webhookId           a webhook of the organization (null unless needed)
     */
    record Target(Tenant tenant, String serviceId, String keyId, String endpointServiceName, String endpointId,
                  String azureEndpointGuid, String customerServiceId, String webhookId) {
        Target(Tenant tenant, String serviceId, String keyId, String endpointServiceName, String endpointId) {
            this(tenant, serviceId, keyId, endpointServiceName, endpointId, null, null, null);
        }

        Target(Tenant tenant, String serviceId, String keyId, String endpointServiceName, String endpointId,
               String azureEndpointGuid, String customerServiceId) {
            this(tenant, serviceId, keyId, endpointServiceName, endpointId, azureEndpointGuid, customerServiceId, null);
        }

        String webhook() {
            return org() + "/webhooks/" + webhookId;
        }

        String org() {
            return "/v1/organizations/" + tenant.orgId();
        }

        String service() {
            return org() + "/services/" + serviceId;
        }
    }

    //                      ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    static List<Route> routes() {
        Map<String, Object> service = Map.of("name", "svc", "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION");
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("list organizations", "GET", t -> "/v1/organizations", null, new int[]{200, 200, 200, 200, 200, 401}));
        routes.add(new Route("get organization", "GET", Target::org, null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("rename organization", "PATCH", Target::org, Map.of("name", "renamed"), new int[]{200, 403, 404, 404, 200, 401}));
        routes.add(new Route("create organization", "POST", t -> "/v1/organizations", Map.of("name", "new", "plan", "BASIC"), new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("list keys", "GET", t -> t.org() + "/keys", null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("create key", "POST", t -> t.org() + "/keys", Map.of("name", "k", "role", "DEVELOPER"), new int[]{200, 403, 404, 404, 200, 401}));
        routes.add(new Route("revoke key", "DELETE", t -> t.org() + "/keys/" + t.keyId(), null, new int[]{200, 403, 404, 404, 200, 401}));
        routes.add(new Route("list services", "GET", t -> t.org() + "/services", null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("create service", "POST", t -> t.org() + "/services", service, new int[]{200, 403, 404, 404, 403, 401}));
        routes.add(new Route("get service", "GET", t -> t.org() + "/services/" + t.serviceId(), null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("rename service", "PATCH", t -> t.org() + "/services/" + t.serviceId(), Map.of("name", "renamed"), new int[]{200, 403, 404, 404, 403, 401}));
        routes.add(new Route("delete service", "DELETE", t -> t.org() + "/services/" + t.serviceId(), null, new int[]{200, 403, 404, 404, 403, 401}));
        routes.add(new Route("prometheus", "GET", t -> "/actuator/prometheus", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("metrics", "GET", t -> "/actuator/metrics", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("info", "GET", t -> "/actuator/info", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("health", "GET", t -> "/actuator/health", null, new int[]{200, 200, 200, 200, 200, 200}));
        routes.add(new Route("readiness", "GET", t -> "/actuator/health/readiness", null, new int[]{200, 200, 200, 200, 200, 200}));
        routes.add(new Route("liveness", "GET", t -> "/actuator/health/liveness", null, new int[]{200, 200, 200, 200, 200, 200}));
        addEndpointRoutes(routes);
        addEventRoutes(routes);
        addOperatorRoutes(routes);
        return routes;
    }

    //                      ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    private static void addEndpointRoutes(List<Route> routes) {
        int[] read = {200, 200, 404, 404, 200, 401};
        // customer resources: changed by the organization's admins only (Caller.requireWrite)
        int[] write = {200, 403, 404, 404, 403, 401};
        routes.add(new Route("register private endpoint on organization", "PATCH", Target::org,
                t -> Map.of("privateEndpoints", Map.of("add", List.of(Map.of("cloudProvider", "aws", "id", t.endpointId(),
                        "description", "matrix", "region", "us-west-2")))), Needs.SANDBOX_ENDPOINT, write));
        routes.add(new Route("add private endpoint to service allow list", "PATCH", Target::service,
                t -> Map.of("privateEndpointIds", Map.of("add", List.of(t.endpointId()))), Needs.SANDBOX_ENDPOINT, write));
        routes.add(new Route("register private endpoint on service", "POST", t -> t.service() + "/privateEndpoint",
                t -> Map.of("id", t.endpointId(), "description", "matrix"), Needs.SANDBOX_ENDPOINT, write));
        routes.add(new Route("service private endpoint config", "GET", t -> t.service() + "/privateEndpointConfig",
                t -> null, Needs.SERVICE_AND_KEY, read));
        routes.add(new Route("private endpoint setup", "GET", t -> t.service() + "/privateEndpointSetup?tool=aws-cli",
                t -> null, Needs.SERVICE_AND_KEY, read));
        routes.add(new Route("region private endpoint config", "GET",
                t -> t.org() + "/privateEndpointConfig?cloud_provider=aws&region_id=us-west-2", t -> null, Needs.SERVICE_AND_KEY, read));
        routes.add(new Route("list private endpoints", "GET", t -> t.org() + "/privateEndpoints", t -> null,
                Needs.REGISTERED_ENDPOINT, read));
        routes.add(new Route("get private endpoint", "GET", t -> t.org() + "/privateEndpoints/" + t.endpointId(), t -> null,
                Needs.REGISTERED_ENDPOINT, read));
        routes.add(new Route("diagnose private endpoint", "GET",
                t -> t.service() + "/privateEndpoints/" + t.endpointId() + "/diagnosis", t -> null, Needs.REGISTERED_ENDPOINT, read));
        // the customer's side of the sandbox cloud: any valid key may create an endpoint
        routes.add(new Route("sandbox create VPC endpoint", "POST", t -> "/v1/sandbox/aws/vpcEndpoints",
                t -> Map.of("serviceName", t.endpointServiceName(), "region", "us-west-2"), Needs.SANDBOX_ENDPOINT,
                new int[]{200, 200, 200, 200, 200, 401}));
        // the customer's sandbox objects: any key of the organization, and the operator, see them; nobody else
        int[] sandboxOwn = {200, 200, 404, 404, 200, 401};
        int[] anyKey = {200, 200, 200, 200, 200, 401};
        routes.add(new Route("sandbox get VPC endpoint", "GET", t -> "/v1/sandbox/aws/vpcEndpoints/" + t.endpointId(), t -> null,
                Needs.SANDBOX_ENDPOINT, sandboxOwn));
        routes.add(new Route("sandbox delete VPC endpoint", "DELETE", t -> "/v1/sandbox/aws/vpcEndpoints/" + t.endpointId(), t -> null,
                Needs.SANDBOX_ENDPOINT, sandboxOwn));
        routes.add(new Route("sandbox create Azure private endpoint", "POST", t -> "/v1/sandbox/azure/privateEndpoints",
                t -> Map.of("privateLinkServiceAlias", t.endpointServiceName(), "region", "westus3"), Needs.AZURE_ENDPOINT, anyKey));
        routes.add(new Route("sandbox get Azure private endpoint", "GET", t -> "/v1/sandbox/azure/privateEndpoints/" + t.azureEndpointGuid(),
                t -> null, Needs.AZURE_ENDPOINT, sandboxOwn));
        routes.add(new Route("sandbox delete Azure private endpoint", "DELETE",
                t -> "/v1/sandbox/azure/privateEndpoints/" + t.azureEndpointGuid(), t -> null, Needs.AZURE_ENDPOINT, sandboxOwn));
        routes.add(new Route("sandbox create customer endpoint service", "POST", t -> "/v1/sandbox/aws/endpointServices",
                t -> Map.of("region", "us-east-1", "acceptanceRequired", true, "allowedPrincipals", List.of("072088201116")),
                Needs.SERVICE_AND_KEY, anyKey));
        routes.add(new Route("sandbox list customer endpoint service connections", "GET",
                t -> "/v1/sandbox/aws/endpointServices/" + t.customerServiceId() + "/connections", t -> null, Needs.CUSTOMER_SERVICE,
                sandboxOwn));
        int[] noSuchConnection = {404, 404, 404, 404, 404, 401};
        routes.add(new Route("sandbox accept customer connection", "POST",
                t -> "/v1/sandbox/aws/endpointServices/" + t.customerServiceId() + "/connections/vpce-0123456789abcdef0/accept",
                t -> null, Needs.CUSTOMER_SERVICE, noSuchConnection));
        routes.add(new Route("sandbox reject customer connection", "POST",
                t -> "/v1/sandbox/aws/endpointServices/" + t.customerServiceId() + "/connections/vpce-0123456789abcdef0/reject",
                t -> null, Needs.CUSTOMER_SERVICE, noSuchConnection));
        routes.add(new Route("sandbox create resource configuration", "POST", t -> "/v1/sandbox/aws/resourceConfigurations",
                t -> Map.of("region", "us-east-1", "resource", "orders-db.cluster-abc.us-east-1.rds.amazonaws.com",
                        "sharedWith", List.of("072088201116")), Needs.SERVICE_AND_KEY, anyKey));
        routes.add(new Route("sandbox create MSK cluster", "POST", t -> "/v1/sandbox/aws/mskClusters",
                t -> Map.of("region", "us-east-1", "name", "orders", "authentication", List.of("SASL_IAM"),
                        "allowedPrincipals", List.of("072088201116")), Needs.SERVICE_AND_KEY, anyKey));
    }

    //                      ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    private static void addEventRoutes(List<Route> routes) {
        int[] read = {200, 200, 404, 404, 200, 401};
        int[] write = {200, 403, 404, 404, 403, 401};
        routes.add(new Route("list webhooks", "GET", t -> t.org() + "/webhooks", t -> null, Needs.SERVICE_AND_KEY, read));
        routes.add(new Route("create webhook", "POST", t -> t.org() + "/webhooks",
                t -> Map.of("url", "http://127.0.0.1:9/none", "eventTypes", List.of("privatelink.endpoint.ready")),
                Needs.SERVICE_AND_KEY, new int[]{400, 403, 404, 404, 403, 401})); // port 9 refuses: the URL is checked after the role
        routes.add(new Route("get webhook", "GET", Target::webhook, t -> null, Needs.WEBHOOK, read));
        routes.add(new Route("enable webhook", "POST", t -> t.webhook() + "/enable", t -> null, Needs.WEBHOOK, write));
        routes.add(new Route("webhook deliveries", "GET", t -> t.webhook() + "/deliveries", t -> null, Needs.WEBHOOK, read));
        routes.add(new Route("redeliver a webhook delivery", "POST", t -> t.webhook() + "/deliveries/" + MISSING + "/redeliver",
                t -> null, Needs.WEBHOOK, new int[]{404, 403, 404, 404, 403, 401}));
        routes.add(new Route("delete webhook", "DELETE", Target::webhook, t -> null, Needs.FRESH_WEBHOOK, write));
        routes.add(new Route("organization audit log", "GET", t -> t.org() + "/auditLog", t -> null, Needs.SERVICE_AND_KEY, read));
        routes.add(new Route("platform audit log", "GET", t -> "/v1/operator/auditLog", t -> null, Needs.SERVICE_AND_KEY,
                new int[]{403, 403, 403, 403, 200, 401}));
    }

    //                      ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    private static void addOperatorRoutes(List<Route> routes) {
        int[] operatorRead = {403, 403, 403, 403, 200, 401};
        routes.add(new Route("endpoint filters", "GET", t -> "/v1/operator/endpointFilters?provider=aws&region=us-west-2",
                null, operatorRead));
        routes.add(new Route("list endpoint services", "GET", t -> "/v1/operator/endpointServices", null, operatorRead));
        routes.add(new Route("register endpoint service", "POST", t -> "/v1/operator/endpointServices",
                t -> Map.of("provider", "aws", "region", "us-west-2", "cloudResourceId", "vpce-svc-" + randomHex(17)),
                Needs.SERVICE_AND_KEY, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("list workflows", "GET", t -> "/v1/operator/workflows", null, operatorRead));
        routes.add(new Route("sandbox ledger", "GET", t -> "/v1/sandbox/ledger", null, operatorRead));
        routes.add(new Route("sandbox faults", "GET", t -> "/v1/sandbox/faults", null, operatorRead));
        routes.add(new Route("set sandbox faults", "PUT", t -> "/v1/sandbox/faults",
                Map.of("throttleRate", 0, "serverErrorRate", 0, "timeoutRate", 0), operatorRead));
        routes.add(new Route("clear sandbox ledger", "DELETE", t -> "/v1/sandbox/ledger", null, operatorRead));
        // the role is checked before the object is looked up: a missing one is 404 for the operator only
        int[] operatorOnlyMissing = {403, 403, 403, 403, 404, 401};
        routes.add(new Route("get endpoint service", "GET", t -> "/v1/operator/endpointServices/" + MISSING, null, operatorOnlyMissing));
        routes.add(new Route("set endpoint service private DNS name", "PATCH", t -> "/v1/operator/endpointServices/" + MISSING,
                Map.of("privateDnsName", "db.example.com"), operatorOnlyMissing));
        routes.add(new Route("get workflow", "GET", t -> "/v1/operator/workflows/" + MISSING, null, operatorOnlyMissing));
        routes.add(new Route("cancel workflow", "POST", t -> "/v1/operator/workflows/" + MISSING + "/cancel", null, operatorOnlyMissing));
        routes.add(new Route("retry workflow", "POST", t -> "/v1/operator/workflows/" + MISSING + "/retry", null, operatorOnlyMissing));
    }

    /** An id no object has. */
    static final String MISSING = "0b5e7a9e-0000-4000-8000-00000000dead";

    /** Reverse private endpoints have their own matrix, with objects of their own. */
    static final Set<String> COVERED_BY_REVERSE_ENDPOINT_MATRIX = Set.of(
            "GET /v1/organizations/{}/services/{}/clickpipesReversePrivateEndpoints",
            "POST /v1/organizations/{}/services/{}/clickpipesReversePrivateEndpoints",
            "GET /v1/organizations/{}/services/{}/clickpipesReversePrivateEndpoints/{}",
            "PATCH /v1/organizations/{}/services/{}/clickpipesReversePrivateEndpoints/{}",
            "DELETE /v1/organizations/{}/services/{}/clickpipesReversePrivateEndpoints/{}",
            "GET /v1/organizations/{}/services/{}/reversePrivateEndpointConfig");

    @Test
    void everyOperationOfTheContractIsInAMatrix() throws Exception {
        UUID org = UUID.fromString("00000000-0000-4000-8000-00000000000a");
        Target placeholders = new Target(new Tenant(org, null, null), "{serviceId}", "{keyId}", "{name}", "{endpointId}",
                "{azureEndpointGuid}", "{customerServiceId}", "{webhookId}");
        Set<String> inMatrix = new TreeSet<>(COVERED_BY_REVERSE_ENDPOINT_MATRIX);
        for (Route route : routes()) {
            String path = route.path().apply(placeholders).replaceFirst("\\?.*", "")
                    .replace(org.toString(), "{}").replace(MISSING, "{}").replace("vpce-0123456789abcdef0", "{}")
                    .replaceAll("\\{[^}]*}", "{}");
            inMatrix.add(route.method() + " " + path);
        }
        com.fasterxml.jackson.databind.JsonNode contract = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(java.nio.file.Path.of("openapi/openapi.yaml").toFile());
        Set<String> operations = new TreeSet<>();
        contract.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operations.add(operation.getKey().toUpperCase() + " " + path.getKey().replaceAll("\\{[^}]*}", "{}"))));

        assertThat(operations).hasSizeGreaterThan(40);
        assertThat(operations.stream().filter(operation -> !inMatrix.contains(operation)).toList())
                .as("operations of openapi/openapi.yaml no caller matrix covers").isEmpty();
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < digits; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    Stream<Arguments> cases() {
        return routes().stream().flatMap(route -> Stream.of(Caller.values())
                .map(caller -> Arguments.of(route, caller, route.expected()[caller.ordinal()])));
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("cases")
    void eachCallerGetsTheStatusItsRoleAllows(Route route, Caller caller, int expected) {
        Tenant targetTenant = switch (caller) {
            case ADMIN_OTHER, DEVELOPER_OTHER -> other;
            default -> own;
        };
        Target target = freshObjectsIn(targetTenant, route.needs());
        TestApi.Request request = switch (caller) {
            case ADMIN_OWN, ADMIN_OTHER -> api.as(own.admin());
            case DEVELOPER_OWN, DEVELOPER_OTHER -> api.as(own.developer());
            case OPERATOR -> api.as(Credentials.DEV_OPERATOR);
            case NONE -> api.anonymous();
        };

        TestApi.Response response = request.send(route.method(), route.path().apply(target), route.body().apply(target));

        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(expected);
            assertThat(response.json().get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        }
        if (expected == 401) {
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
        }
    }

    @Test
    void anotherOrganizationsServiceLooksExactlyLikeAMissingOne() {
        Target theirs = freshObjectsIn(other, Needs.SERVICE_AND_KEY);
        TestApi.Response foreign = api.as(own.admin()).get(theirs.org() + "/services/" + theirs.serviceId());
        TestApi.Response missing = api.as(own.admin()).get("/v1/organizations/" + own.orgId() + "/services/" + java.util.UUID.randomUUID());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("title").asString()).isEqualTo(missing.json().get("title").asString());
    }

    private String newWebhook(Tenant tenant) {
        return api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                "eventTypes", List.of("privatelink.endpoint.ready"))).expectStatus(200).result().get("id").asString();
    }

    private Target freshObjectsIn(Tenant tenant, Needs needs) {
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of(
                        "name", "svc-" + java.util.UUID.randomUUID(), "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION"))
                .expectStatus(200).result().get("service").get("id").asString();
        String keyId = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "victim", "role", "DEVELOPER"))
                .expectStatus(200).result().get("keyId").asString();
        if (needs == Needs.SERVICE_AND_KEY) {
            return new Target(tenant, serviceId, keyId, null, null);
        }
        if (needs == Needs.WEBHOOK || needs == Needs.FRESH_WEBHOOK) {
            String webhookId = needs == Needs.WEBHOOK
                    ? sharedWebhooks.computeIfAbsent(tenant.orgId(), org -> newWebhook(tenant)) : newWebhook(tenant);
            return new Target(tenant, serviceId, keyId, null, null, null, null, webhookId);
        }
        if (needs == Needs.CUSTOMER_SERVICE) {
            String customerServiceId = api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", "us-east-1",
                    "acceptanceRequired", true, "allowedPrincipals", List.of("072088201116"))).expectStatus(200).result()
                    .get("serviceId").asString();
            return new Target(tenant, serviceId, keyId, null, null, null, customerServiceId);
        }
        if (needs == Needs.AZURE_ENDPOINT) {
            String azureServiceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of(
                            "name", "svc-" + java.util.UUID.randomUUID(), "provider", "azure", "region", "westus3", "tier", "PRODUCTION"))
                    .expectStatus(200).result().get("service").get("id").asString();
            String alias = api.as(tenant.admin()).get(tenant.path() + "/services/" + azureServiceId + "/privateEndpointConfig")
                    .expectStatus(200).result().get("endpointServiceId").asString();
            String guid = api.as(tenant.admin()).post("/v1/sandbox/azure/privateEndpoints",
                    Map.of("privateLinkServiceAlias", alias, "region", "westus3")).expectStatus(200).result().get("resourceGuid").asString();
            return new Target(tenant, azureServiceId, keyId, alias, null, guid, null);
        }
        String endpointServiceName = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig")
                .expectStatus(200).result().get("endpointServiceId").asString();
        String endpointId = api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints",
                        Map.of("serviceName", endpointServiceName, "region", "us-west-2"))
                .expectStatus(200).result().get("vpcEndpointId").asString();
        if (needs == Needs.REGISTERED_ENDPOINT) {
            api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add", List.of(Map.of(
                    "cloudProvider", "aws", "id", endpointId, "description", "matrix", "region", "us-west-2")))))
                    .expectStatus(200);
        }
        return new Target(tenant, serviceId, keyId, endpointServiceName, endpointId);
    }
}
