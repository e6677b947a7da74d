package dev.privatelink.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
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
     * A route and the status each caller gets. The path is built against the target organization
     * with fresh objects, so destructive calls never depend on each other.
     */
    record Route(String name, String method, Function<Target, String> path, Object body, int[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Target(Tenant tenant, String serviceId, String keyId) {
        String org() {
            return "/v1/organizations/" + tenant.orgId();
        }
    }

    //                      ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    static List<Route> routes() {
        Map<String, Object> service = Map.of("name", "svc", "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION");
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("list organizations", "GET", t -> "/v1/organizations", null, new int[]{200, 200, 200, 200, 200, 401}));
        routes.add(new Route("get organization", "GET", Target::org, null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("rename organization", "PATCH", Target::org, Map.of("name", "renamed"), new int[]{200, 403, 404, 404, 200, 401}));
        routes.add(new Route("create organization", "POST", t -> "/v1/organizations", Map.of("name", "new", "plan", "BASIC"), new int[]{403, 403, 403, 403, 201, 401}));
        routes.add(new Route("list keys", "GET", t -> t.org() + "/keys", null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("create key", "POST", t -> t.org() + "/keys", Map.of("name", "k", "role", "DEVELOPER"), new int[]{201, 403, 404, 404, 201, 401}));
        routes.add(new Route("revoke key", "DELETE", t -> t.org() + "/keys/" + t.keyId(), null, new int[]{200, 403, 404, 404, 200, 401}));
        routes.add(new Route("list services", "GET", t -> t.org() + "/services", null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("create service", "POST", t -> t.org() + "/services", service, new int[]{201, 403, 404, 404, 403, 401}));
        routes.add(new Route("get service", "GET", t -> t.org() + "/services/" + t.serviceId(), null, new int[]{200, 200, 404, 404, 200, 401}));
        routes.add(new Route("rename service", "PATCH", t -> t.org() + "/services/" + t.serviceId(), Map.of("name", "renamed"), new int[]{200, 403, 404, 404, 403, 401}));
        routes.add(new Route("delete service", "DELETE", t -> t.org() + "/services/" + t.serviceId(), null, new int[]{200, 403, 404, 404, 403, 401}));
        routes.add(new Route("prometheus", "GET", t -> "/actuator/prometheus", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("metrics", "GET", t -> "/actuator/metrics", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("info", "GET", t -> "/actuator/info", null, new int[]{403, 403, 403, 403, 200, 401}));
        routes.add(new Route("health", "GET", t -> "/actuator/health", null, new int[]{200, 200, 200, 200, 200, 200}));
        routes.add(new Route("readiness", "GET", t -> "/actuator/health/readiness", null, new int[]{200, 200, 200, 200, 200, 200}));
        routes.add(new Route("liveness", "GET", t -> "/actuator/health/liveness", null, new int[]{200, 200, 200, 200, 200, 200}));
        return routes;
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
        Target target = freshObjectsIn(targetTenant);
        TestApi.Request request = switch (caller) {
            case ADMIN_OWN, ADMIN_OTHER -> api.as(own.admin());
            case DEVELOPER_OWN, DEVELOPER_OTHER -> api.as(own.developer());
            case OPERATOR -> api.as(Credentials.DEV_OPERATOR);
            case NONE -> api.anonymous();
        };

        TestApi.Response response = request.send(route.method(), route.path().apply(target), route.body());

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
        Target theirs = freshObjectsIn(other);
        TestApi.Response foreign = api.as(own.admin()).get(theirs.org() + "/services/" + theirs.serviceId());
        TestApi.Response missing = api.as(own.admin()).get("/v1/organizations/" + own.orgId() + "/services/" + java.util.UUID.randomUUID());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("title").asString()).isEqualTo(missing.json().get("title").asString());
    }

    private Target freshObjectsIn(Tenant tenant) {
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of(
                        "name", "svc-" + java.util.UUID.randomUUID(), "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION"))
                .expectStatus(201).result().get("id").asString();
        String keyId = api.as(tenant.admin()).post(tenant.path() + "/keys", Map.of("name", "victim", "role", "DEVELOPER"))
                .expectStatus(201).result().get("keyId").asString();
        return new Target(tenant, serviceId, keyId);
    }
}
