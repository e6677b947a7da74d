package dev.privatelink.reverseendpoint.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.reverseendpoint.model.ReverseTarget;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The creation steps against the sandbox: a crash between the cloud's create and the commit of its
 * outcome never makes a second endpoint, and endpoints waiting in one region share their describes.
 */
@IntegrationTest
class ReverseEndpointCreationIntegrationTests {

    static final String PLATFORM = "072088201116";

    @Autowired
    TestApi api;
    @Autowired
    CreationSteps steps;
    @Autowired
    ReverseEndpoints endpoints;
    @Autowired
    PlatformTransactionManager transactions;

    /** The step runs twice: the first outcome is lost (the replica died before the engine committed it). */
    @Test
    void aCreateWhoseOutcomeWasLostIsFoundAgainNotMadeTwice() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceName = api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", "us-east-1",
                "acceptanceRequired", false, "allowedPrincipals", List.of(PLATFORM), "supportedRegions", List.of()))
                .expectStatus(200).result().get("serviceName").asString();
        ReverseEndpoint endpoint = endpoints.save(ReverseEndpoint.create(tenant.orgId(), UUID.randomUUID(), "crash",
                new ReverseTarget(ReverseEndpointType.VPC_ENDPOINT_SERVICE, serviceName, null, null, null, null, "us-east-1",
                        "vpc-endpoint-service:" + serviceName), "us-east-1", List.of(), Instant.now()));
        Instant now = Instant.now();
        StepContext context = new StepContext(UUID.randomUUID(), "test", endpoint.id(), "create-endpoint", 1, now,
                now.plus(Duration.ofHours(1)), now);

        StepOutcome lost = steps.createVpcEndpoint(context);
        StepOutcome retried = steps.createVpcEndpoint(context);
        new TransactionTemplate(transactions).executeWithoutResult(status -> retried.inTransaction().run());

        assertThat(lost).isInstanceOf(StepOutcome.Done.class);
        assertThat(retried).isInstanceOf(StepOutcome.Done.class);
        List<String> made = api.jdbc().sql("select vpc_endpoint_id from sandbox_vpc_endpoint where client_token = ?")
                .param(endpoint.clientToken()).query(String.class).list();
        assertThat(made).hasSize(1);
        assertThat(endpoints.findById(endpoint.id()).orElseThrow().endpointId()).isEqualTo(made.getFirst());
    }

    /**
     * Sixteen endpoints (more than the scheduler's ten threads) wait for the customer's acceptance at once:
     * each is parked on its region, none holds a thread, and one describe serves all that are parked;
     * accepted, they are all Ready, still with far fewer describes than endpoints.
     */
    @Test
    void endpointsWaitingForAcceptanceAreParkedOnTheirRegionAndShareItsDescribes() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        String region = "ap-northeast-1";
        JsonNode created = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "parked", "provider", "aws",
                "region", region, "tier", "PRODUCTION")).result();
        String serviceId = (created.has("service") ? created.get("service") : created).get("id").asString();
        String path = tenant.path() + "/services/" + serviceId + "/clickpipesReversePrivateEndpoints";
        int count = 16;
        List<JsonNode> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            services.add(api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", region,
                    "acceptanceRequired", true, "allowedPrincipals", List.of(PLATFORM), "supportedRegions", List.of()))
                    .expectStatus(200).result());
        }
        Instant since = Instant.now();
        List<String> ids = post(tenant, path, services.stream().map(s -> s.get("serviceName").asString()).toList());
        // (the tests' acceptance deadline is 6 s: the first are accepted before the last have long waited)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                api.jdbc().sql("select count(*) from workflow_batch_wait where batch = ? and batch_key = ?")
                        .param(CloudObservations.BATCH).param("vpc:" + region).query(Long.class).single() == count);
        long describesWaiting = calls(region, since, "describeVpcEndpoints");

        for (int i = 0; i < count; i++) {
            String endpointId = api.as(tenant.admin()).get(path + "/" + ids.get(i)).result().get("endpointId").asString();
            api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices/" + services.get(i).get("serviceId").asString()
                    + "/connections/" + endpointId + "/accept", Map.of()).expectStatus(200);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.as(tenant.admin()).get(path).result().findValuesAsString("status").stream().allMatch("Ready"::equals));
        long describes = calls(region, since, "describeVpcEndpoints");
        System.out.printf("[batching] %d endpoints: all parked after %d describe(s), Ready after %d (%.2f per endpoint)%n",
                count, describesWaiting, describes, describes / (double) count);

        assertThat(describesWaiting).isPositive().isLessThan(count);
        assertThat(describes).isLessThan(count);
    }

    private List<String> post(Tenant tenant, String path, List<String> serviceNames) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> posted = new ArrayList<>();
            for (String name : serviceNames) {
                posted.add(pool.submit(() -> api.as(tenant.admin()).post(path, Map.of("description", "batch",
                        "type", "VPC_ENDPOINT_SERVICE", "vpcEndpointServiceName", name)).expectStatus(200).result().get("id").asString()));
            }
            for (Future<String> id : posted) {
                ids.add(id.get());
            }
        }
        return ids;
    }

    /** Forty endpoints created and followed in one region: fewer describes than endpoints, far below two each. */
    @Test
    void endpointsWaitingInOneRegionShareTheirDescribes() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        String region = "ap-southeast-2";
        JsonNode created = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "batch", "provider", "aws",
                "region", region, "tier", "PRODUCTION")).result();
        String serviceId = (created.has("service") ? created.get("service") : created).get("id").asString();
        String path = tenant.path() + "/services/" + serviceId + "/clickpipesReversePrivateEndpoints";
        int count = 40;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(api.as(tenant.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", region,
                    "acceptanceRequired", false, "allowedPrincipals", List.of(PLATFORM), "supportedRegions", List.of()))
                    .expectStatus(200).result().get("serviceName").asString());
        }
        Instant since = Instant.now();

        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> posted = new ArrayList<>();
            for (String name : names) {
                posted.add(pool.submit(() -> api.as(tenant.admin()).post(path, Map.of("description", "batch",
                        "type", "VPC_ENDPOINT_SERVICE", "vpcEndpointServiceName", name)).expectStatus(200).result().get("id").asString()));
            }
            for (Future<String> id : posted) {
                ids.add(id.get());
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.as(tenant.admin()).get(path).result().findValuesAsString("status").stream().allMatch("Ready"::equals));

        long describes = calls(region, since, "describeVpcEndpoints");
        System.out.printf("[batching] %d endpoints Ready with %d describes (%.2f per endpoint)%n", count, describes,
                describes / (double) count);
        assertThat(ids).hasSize(count);
        assertThat(calls(region, since, "createVpcEndpoint")).isEqualTo(count);
        assertThat(calls(region, since, "findVpcEndpoint")).as("no create was retried").isZero();
        assertThat(describes).isPositive().isLessThan(count);
    }

    private long calls(String region, Instant since, String operation) {
        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?region=" + region + "&since=" + since)
                .expectStatus(200).result();
        for (JsonNode op : ledger.get("operations")) {
            if (op.get("operation").asString().equals(operation)) {
                return op.get("calls").asLong();
            }
        }
        return 0;
    }
}
