package dev.privatelink.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
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

    @BeforeAll
    void twoOrganizations() {
        own = api.newTenant("SCALE");
        other = api.newTenant("SCALE");
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
        REGISTERED_ENDPOINT
    }

    /**
     * @param endpointServiceName the service's AWS endpoint service name (null unless needed)
     * @param endpointId          a fresh sandbox VPC endpoint id (null unless needed)
     */
    record Target(Tenant tenant, String serviceId, String keyId, String endpointServiceName, String endpointId) {
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

    private Target freshObjectsIn(Tenant tenant, Needs needs) {
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of(
                        "name", "svc-" + java.util.UUID.randomUUID(), "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION"))
                .expectStatus(200).result().get("service").get("id").asString();
        String keyId = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "victim", "role", "DEVELOPER"))
                .expectStatus(200).result().get("keyId").asString();
        if (needs == Needs.SERVICE_AND_KEY) {
            return new Target(tenant, serviceId, keyId, null, null);
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
