package dev.privatelink.reverseendpoint;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reverse endpoint route × every kind of caller, against its own organization and another one:
 * ADMIN changes, DEVELOPER and OPERATOR read, another organization's objects answer 404, no key 401.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReverseEndpointAccessIntegrationTests {

    enum Caller { ADMIN_OWN, DEVELOPER_OWN, ADMIN_OTHER, DEVELOPER_OTHER, OPERATOR, NONE }

    /** A fresh service with one endpoint (and a free endpoint service to create another) in the target organization. */
    record Target(Tenant tenant, String serviceId, String endpointId, String freeServiceName) {
        String endpoints() {
            return tenant.path() + "/services/" + serviceId + "/clickpipesReversePrivateEndpoints";
        }
    }

    record Route(String name, String method, Function<Target, String> path, Function<Target, Object> body, int[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Autowired
    TestApi api;

    Tenant own;
    Tenant other;

    @BeforeAll
    void twoOrganizations() {
        own = api.newTenant("SCALE");
        other = api.newTenant("SCALE");
    }

    //                                            ADMIN_OWN DEV_OWN ADMIN_OTHER DEV_OTHER OPERATOR NONE
    static final int[] READ = {200, 200, 404, 404, 200, 401};
    static final int[] WRITE = {200, 403, 404, 404, 403, 401};

    static List<Route> routes() {
        return List.of(
                new Route("list", "GET", Target::endpoints, t -> null, READ),
                new Route("get", "GET", t -> t.endpoints() + "/" + t.endpointId(), t -> null, READ),
                new Route("config", "GET", t -> t.tenant().path() + "/services/" + t.serviceId() + "/reversePrivateEndpointConfig",
                        t -> null, READ),
                new Route("create", "POST", Target::endpoints, t -> ReverseFlows.endpointServiceBody("matrix", t.freeServiceName()), WRITE),
                new Route("update", "PATCH", t -> t.endpoints() + "/" + t.endpointId(),
                        t -> Map.of("customPrivateDnsMappings", List.of(Map.of("privateDnsName", "matrix.example.com"))), WRITE),
                new Route("delete", "DELETE", t -> t.endpoints() + "/" + t.endpointId(), t -> null, WRITE));
    }

    Stream<Arguments> cases() {
        return routes().stream().flatMap(route -> Stream.of(Caller.values())
                .map(caller -> Arguments.of(route, caller, route.expected()[caller.ordinal()])));
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("cases")
    void eachCallerGetsTheStatusItsRoleAllows(Route route, Caller caller, int expected) {
        Target target = freshIn(caller == Caller.ADMIN_OTHER || caller == Caller.DEVELOPER_OTHER ? other : own);
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
        }
    }

    private Target freshIn(Tenant tenant) {
        ReverseFlows flows = new ReverseFlows(api);
        String serviceId = flows.newService(tenant, "us-east-1");
        JsonNode used = flows.endpointService(tenant, "us-east-1", false, List.of(ReverseFlows.PLATFORM_ACCOUNT), List.of(), null);
        JsonNode free = flows.endpointService(tenant, "us-east-1", false, List.of(ReverseFlows.PLATFORM_ACCOUNT), List.of(), null);
        String endpointId = flows.created(tenant, serviceId, ReverseFlows.endpointServiceBody("matrix",
                used.get("serviceName").asString())).get("id").asString();
        return new Target(tenant, serviceId, endpointId, free.get("serviceName").asString());
    }
}
