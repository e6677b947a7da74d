package dev.privatelink.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.support.SeparateDatabase;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.TestApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The inbound-endpoint workflows end to end with the real AWS and Azure adapters, against stateful
 * stand-ins for EC2 and Azure Resource Manager that enforce the clouds' published rate buckets. The
 * platform's endpoint services are named in the configuration, as in production, and registered at
 * start-up; customers' endpoints are seeded into the stubs as if created in
 * their accounts, then registered through the seeds' HTTP calls. Asserts on what the stubs saw and
 * hold, and measures calls per Ready endpoint. The endpoint module's one Spring context with real
 * cloud adapters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "privatelink.clouds.aws.enabled=true",
        "privatelink.clouds.aws.default-account=" + InboundCloudsEndToEndIntegrationTests.AWS_ACCOUNT,
        "privatelink.clouds.aws.route53-public-zone-id=Z0123456789ABCDEFGHIJ",
        "privatelink.clouds.aws.regions.us-west-2.endpoint-service-ids[0]=" + InboundCloudsEndToEndIntegrationTests.AWS_SERVICE,
        // 2 shared cores and 200 concurrent registrations: CPU contention must not look like AWS latency
        "privatelink.clouds.aws.api-call-attempt-timeout=10s",
        "privatelink.clouds.aws.api-call-timeout=20s",
        "privatelink.clouds.azure.enabled=true",
        "privatelink.clouds.azure.tenant-id=tenant-of-the-platform",
        "privatelink.clouds.azure.subscription-id=" + ArmFake.SUBSCRIPTION,
        "privatelink.clouds.azure.regions.westus3.resource-group=" + ArmFake.RESOURCE_GROUP,
        "privatelink.clouds.azure.regions.westus3.private-link-service-ids[0]=" + ArmFake.PLS_ID,
        "privatelink.clouds.azure.private-dns.resource-group=rg-privatelink-dns",
        // the shared test settings expire a registration after 4 s; a burst of 200 needs longer
        "privatelink.endpoints.connection-deadline=3m",
        // a database of its own (see SeparateDatabase)
        "privatelink.embedded-postgres.enabled=false"})
@ActiveProfiles("test")
@Import(TestApi.Configuration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class InboundCloudsEndToEndIntegrationTests {

    static final String AWS_ACCOUNT = "111122223333";
    static final String AWS_REGION = "us-west-2";
    static final String AWS_SERVICE = "vpce-svc-0123456789abcdef0";
    static final int BURST = 200;

    static final EmbeddedPostgres database = SeparateDatabase.start();
    static final Ec2Fake ec2 = new Ec2Fake();
    static final ArmFake arm = new ArmFake();
    static boolean endpointServicesRegistered;
    static int nextEndpoint;

    @DynamicPropertySource
    static void pointTheAdaptersAtTheStubs(DynamicPropertyRegistry registry) {
        SeparateDatabase.register(registry, database);
        // the platform's endpoint services exist in the clouds before the control plane starts
        ec2.addService(AWS_SERVICE, AWS_REGION);
        registry.add("privatelink.clouds.aws.endpoint-override", ec2::baseUrl);
        registry.add("privatelink.clouds.azure.endpoint-override", () -> arm.baseUrl().toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StubbedArmAccess {

        @Bean
        @Primary
        TokenCredential stubArmToken() {
            return ArmFake.fixedToken();
        }

        @Bean
        @Primary
        HttpClient stubArmTrustingClient() {
            return ArmFake.trustingHttpClient(Duration.ofSeconds(20));
        }
    }

    @Autowired
    TestApi api;

    @AfterAll
    static void stopStubs() {
        ec2.close();
        arm.close();
    }

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    /** The platform's endpoint services, named in the configuration: registered at start-up and confirmed by the cloud. */
    @BeforeEach
    void registerEndpointServices() {
        if (endpointServicesRegistered) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode services = api.as(Credentials.DEV_OPERATOR).get("/v1/operator/endpointServices").expectStatus(200).result();
            return services.findValuesAsString("state").equals(List.of("AVAILABLE", "AVAILABLE"));
        });
        assertThat(api.as(Credentials.DEV_OPERATOR).get("/v1/operator/endpointServices").result().findValuesAsString("cloudResourceId"))
                .containsExactlyInAnyOrder(AWS_SERVICE, ArmFake.PLS_ID);
        assertThat(ec2.calls("DescribeVpcEndpointServiceConfigurations")).isNotEmpty()
                .allSatisfy(call -> assertThat(call.list("ServiceId")).containsExactly(AWS_SERVICE));
        // once confirmed, the AWS service is offered to every cross-region source region, in one request
        await().atMost(Duration.ofSeconds(30)).until(() -> !ec2.calls("ModifyVpcEndpointServiceConfiguration").isEmpty());
        assertThat(ec2.calls("ModifyVpcEndpointServiceConfiguration")).singleElement().satisfies(call -> {
            assertThat(call.parameters()).containsEntry("ServiceId", AWS_SERVICE);
            assertThat(call.list("AddSupportedRegion")).containsExactlyInAnyOrderElementsOf(
                    CloudRegions.crossRegionSources(CloudProvider.AWS, AWS_REGION));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(Credentials.DEV_OPERATOR).get("/v1/operator/endpointServices")
                .result().toString().contains("eu-west-1"));
        assertThat(arm.calls("PrivateLinkServices_Get")).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo(ArmFake.PLS_ID));
        endpointServicesRegistered = true;
    }

    static synchronized String newVpceId() {
        return "vpce-0%016x".formatted(0xa000 + nextEndpoint++);
    }

    @Test
    @Order(1)
    void awsSeedFlowAcceptsOnEc2AndRemovalRejectsThere() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", AWS_REGION, "PRODUCTION");
        assertThat(flows().config(tenant, serviceId).get("endpointServiceId").asString())
                .isEqualTo("com.amazonaws.vpce." + AWS_REGION + "." + AWS_SERVICE);
        String vpce = newVpceId();
        ec2.connect(AWS_SERVICE, vpce, AWS_REGION); // the customer creates the interface endpoint
        ec2.resetCounts();

        flows().registerInOrganization(tenant, "aws", vpce, AWS_REGION).expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");

        assertThat(ready.get("connectionState").asString()).isEqualTo("available");
        assertThat(ec2.state(AWS_SERVICE, vpce)).isEqualTo("available");
        assertThat(ec2.calls("AcceptVpcEndpointConnections")).singleElement().satisfies(call -> {
            assertThat(call.parameters()).containsEntry("ServiceId", AWS_SERVICE);
            assertThat(call.list("VpcEndpointId")).containsExactly(vpce);
        });
        assertThat(ec2.calls("DescribeVpcEndpointConnections")).isNotEmpty().allSatisfy(call -> {
            assertThat(call.parameters()).containsEntry("Filter.1.Name", "service-id").containsEntry("Filter.1.Value.1", AWS_SERVICE);
            assertThat(call.parameters()).doesNotContainKey("Filter.2.Name"); // one listing per service, not per endpoint
        });
        assertThat(ec2.throttles()).isZero();
        report("AWS", 1, ec2Counts());

        ec2.resetCounts();
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", AWS_REGION))))).expectStatus(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + vpce).status() == 404);

        assertThat(ec2.state(AWS_SERVICE, vpce)).isEqualTo("rejected");
        assertThat(ec2.calls("RejectVpcEndpointConnections")).singleElement().satisfies(call -> {
            assertThat(call.parameters()).containsEntry("ServiceId", AWS_SERVICE);
            assertThat(call.list("VpcEndpointId")).containsExactly(vpce);
        });
    }

    @Test
    @Order(2)
    void aRemovalWhoseEndpointItsOwnerDeletesAsTheRejectArrivesIsDoneNotStuckDeleting() {
        Tenant tenant = api.newTenant("SCALE");
        flows().newService(tenant, "aws", AWS_REGION, "PRODUCTION");
        String vpce = newVpceId();
        ec2.connect(AWS_SERVICE, vpce, AWS_REGION);
        flows().registerInOrganization(tenant, "aws", vpce, AWS_REGION).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");
        ec2.resetCounts();
        ec2.deletedAsRejectArrives.add(vpce);

        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "aws", "id", vpce, "region", AWS_REGION))))).expectStatus(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + vpce).status() == 404);

        assertThat(ec2.state(AWS_SERVICE, vpce)).isEqualTo("deleting");
        // EC2 answered the item InvalidState; one look at that connection showed it deleting: the removal was done
        assertThat(ec2.calls("RejectVpcEndpointConnections")).singleElement()
                .satisfies(call -> assertThat(call.list("VpcEndpointId")).containsExactly(vpce));
        assertThat(ec2.calls("DescribeVpcEndpointConnections")).filteredOn(call -> call.parameters().containsKey("Filter.2.Name"))
                .singleElement().satisfies(call -> assertThat(call.parameters()).containsEntry("Filter.2.Value.1", vpce));
    }

    @Test
    @Order(2)
    void awsCrossRegionEndpointCanBeCreatedBeforeItIsRegistered() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", AWS_REGION, "PRODUCTION");
        String vpce = newVpceId();
        assertThatThrownBy(() -> ec2.connect(AWS_SERVICE, vpce, "us-gov-west-1")) // not a cross-region source
                .hasMessageContaining("InvalidServiceName");
        ec2.connect(AWS_SERVICE, vpce, "eu-west-1"); // offered when the service was enrolled
        ec2.resetCounts();

        flows().registerInOrganization(tenant, "aws", vpce, "eu-west-1").expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        flows().awaitStatus(tenant, vpce, "Ready");

        assertThat(ec2.calls("ModifyVpcEndpointServiceConfiguration")).isEmpty();
        assertThat(ec2.state(AWS_SERVICE, vpce)).isEqualTo("available");
    }

    @Test
    @Order(3)
    void azureConnectionWaitsForAProductionAllowListThenIsApprovedAndRemovalRejectsIt() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "azure", ArmFake.REGION, "PRODUCTION");
        assertThat(flows().config(tenant, serviceId).get("endpointServiceId").asString()).isEqualTo(ArmFake.ALIAS);
        String guid = arm.connect("pe-customer-" + nextEndpoint++, ArmFake.REGION);
        arm.resetCounts();

        flows().registerInOrganization(tenant, "azure", guid, ArmFake.REGION).expectStatus(200);
        JsonNode pending = flows().awaitStatus(tenant, guid, "PendingAcceptance");
        assertThat(pending.get("connectionState").asString()).isEqualTo("Pending");
        assertThat(arm.byGuid(guid).status).isEqualTo("Pending");
        assertThat(arm.calls("PrivateLinkServices_UpdatePrivateEndpointConnection")).isEmpty();

        flows().addToService(tenant, serviceId, guid).expectStatus(200);
        JsonNode ready = flows().awaitStatus(tenant, guid, "Ready");

        assertThat(ready.get("connectionState").asString()).isEqualTo("Approved");
        assertThat(arm.byGuid(guid).status).isEqualTo("Approved");
        assertThat(arm.calls("PrivateLinkServices_UpdatePrivateEndpointConnection")).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("PUT");
            assertThat(call.path()).isEqualTo(ArmFake.PLS_ID + "/privateEndpointConnections/" + arm.byGuid(guid).name());
            assertThat(call.body()).contains("\"status\":\"Approved\"");
        });
        assertThat(arm.throttles()).isZero();
        Map<String, Integer> counts = armCounts();

        arm.resetCounts();
        api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("remove",
                List.of(Map.of("cloudProvider", "azure", "id", guid, "region", ArmFake.REGION))))).expectStatus(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints/" + guid).status() == 404);

        assertThat(arm.byGuid(guid).status).isEqualTo("Rejected");
        assertThat(arm.byGuid(guid).description).isEqualTo("removed from the organization");
        report("Azure", 1, counts);
    }

    /**
     * EC2 reports a connection state this code does not know: the registration neither fails nor
     * turns Ready nor sends an accept, the diagnosis answers (not 500) and shows the word, and once
     * EC2 reports a documented state again the registration carries on to Ready.
     */
    @Test
    @Order(6)
    void anUndocumentedConnectionStateNeitherFailsTheRegistrationNorTheDiagnosis() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", AWS_REGION, "PRODUCTION");
        String vpce = newVpceId();
        ec2.connect(AWS_SERVICE, vpce, AWS_REGION).state = "pendingVerification";
        ec2.resetCounts();

        flows().registerInOrganization(tenant, "aws", vpce, AWS_REGION).expectStatus(200);
        flows().addToService(tenant, serviceId, vpce).expectStatus(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> flows().registration(tenant, vpce).path("statusReason")
                .path("message").asString("").contains("pendingVerification"));
        // several re-checks later it still waits: not Failed, not Ready
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !List.of("Failed", "Ready")
                .contains(flows().registration(tenant, vpce).get("status").asString()));
        assertThat(ec2.calls("AcceptVpcEndpointConnections")).noneMatch(call -> call.list("VpcEndpointId").contains(vpce));
        assertThat(ec2.requests("DescribeVpcEndpointConnections")).as("re-checked meanwhile").isGreaterThan(1);

        JsonNode checks = api.as(tenant.developer()).get(tenant.path() + "/services/" + serviceId + "/privateEndpoints/"
                + vpce + "/diagnosis").expectStatus(200).result();
        JsonNode connection = null;
        for (JsonNode check : checks) {
            if (check.get("check").asString().equals("connectionState")) {
                connection = check;
            }
        }
        assertThat(connection).isNotNull();
        assertThat(connection.get("result").asString()).isEqualTo("WARN");
        assertThat(connection.get("detail").asString()).contains("pendingVerification");

        ec2.services.get(AWS_SERVICE).connections.get(vpce).state = "pendingAcceptance";
        JsonNode ready = flows().awaitStatus(tenant, vpce, "Ready");
        assertThat(ready.get("connectionState").asString()).isEqualTo("available");
    }

    @Test
    @Order(4)
    void twoHundredConcurrentAwsRegistrationsAllBecomeReadyWithoutThrottling() throws Exception {
        List<Registration> registrations = registrations(BURST, "aws", AWS_REGION,
                () -> {
                    String vpce = newVpceId();
                    ec2.connect(AWS_SERVICE, vpce, AWS_REGION);
                    return vpce;
                });
        ec2.resetCounts();

        long took = registerConcurrentlyAndAwaitReady(registrations);

        assertThat(registrations).allSatisfy(r -> assertThat(ec2.state(AWS_SERVICE, r.endpointId())).isEqualTo("available"));
        assertNoThrottlingReachedTheFailurePath(registrations);
        Map<String, Integer> counts = ec2Counts();
        int acceptedIds = ec2.calls("AcceptVpcEndpointConnections").stream().filter(c -> !c.throttled())
                .mapToInt(c -> c.list("VpcEndpointId").size()).sum();
        System.out.printf("Rate budget, AWS: %d concurrent registrations Ready in %d ms; stub throttled %d requests "
                        + "(EC2 buckets Describe 100/20/s, Accept 10/1/s); %d accept calls carried %d endpoint ids%n",
                BURST, took, ec2.throttles(), counts.getOrDefault("AcceptVpcEndpointConnections", 0), acceptedIds);
        report("AWS", BURST, counts);
        assertThat(ec2.throttles()).isZero();
        assertThat(acceptedIds).isEqualTo(BURST); // each endpoint accepted once
        // accepts are batched: far fewer calls than endpoints. How few depends on the machine's speed
        // (the batch fills while the steps run), so the figure is printed above rather than asserted tightly
        assertThat(counts.get("AcceptVpcEndpointConnections")).isLessThan(BURST / 4);
    }

    @Test
    @Order(5)
    void twoHundredConcurrentAzureRegistrationsAllBecomeReadyWithoutThrottling() throws Exception {
        List<Registration> registrations = registrations(BURST, "azure", ArmFake.REGION,
                () -> arm.connect("pe-burst-" + nextEndpoint++, ArmFake.REGION));
        arm.resetCounts();

        long took = registerConcurrentlyAndAwaitReady(registrations);

        assertThat(registrations).allSatisfy(r -> assertThat(arm.byGuid(r.endpointId()).status).isEqualTo("Approved"));
        assertNoThrottlingReachedTheFailurePath(registrations);
        Map<String, Integer> counts = armCounts();
        System.out.printf("Rate budget, Azure: %d concurrent registrations Ready in %d ms; stub throttled %d requests "
                + "(ARM buckets reads 250/25/s, writes 200/10/s)%n", BURST, took, arm.throttles());
        report("Azure", BURST, counts);
        assertThat(arm.throttles()).isZero();
        assertThat(counts.get("PrivateLinkServices_UpdatePrivateEndpointConnection")).isEqualTo(BURST);
    }

    record Registration(Tenant tenant, String serviceId, String provider, String region, String endpointId) {
    }

    /** {@code count} endpoints connected in the stub, spread over tenants of ten, each tenant with one service. */
    private List<Registration> registrations(int count, String provider, String region, Supplier<String> connect) {
        List<Registration> registrations = new ArrayList<>();
        for (int t = 0; t < count / 10; t++) {
            Tenant tenant = api.newTenant("SCALE");
            String serviceId = flows().newService(tenant, provider, region, "PRODUCTION");
            flows().config(tenant, serviceId);
            for (int i = 0; i < 10; i++) {
                registrations.add(new Registration(tenant, serviceId, provider, region, connect.get()));
            }
        }
        return registrations;
    }

    /** One thread per registration: the seeds' two PATCHes, then every registration Ready. */
    private long registerConcurrentlyAndAwaitReady(List<Registration> registrations) throws Exception {
        long start = System.nanoTime();
        List<Future<?>> patches = new ArrayList<>();
        try (ExecutorService customers = Executors.newFixedThreadPool(registrations.size())) {
            for (Registration r : registrations) {
                patches.add(customers.submit(() -> {
                    flows().registerInOrganization(r.tenant(), r.provider(), r.endpointId(), r.region()).expectStatus(200);
                    flows().addToService(r.tenant(), r.serviceId(), r.endpointId()).expectStatus(200);
                    return null;
                }));
            }
            for (Future<?> patch : patches) {
                patch.get();
            }
        }
        List<String> ids = registrations.stream().map(Registration::endpointId).toList();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(statuses(ids)).containsOnlyKeys("Ready"));
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private Map<String, Integer> statuses(List<String> endpointIds) {
        Map<String, Integer> statuses = new TreeMap<>();
        api.jdbc().sql("select status, count(*) from private_endpoint where endpoint_id in (:ids) group by status")
                .param("ids", endpointIds)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2))).list()
                .forEach(e -> statuses.put(e.getKey(), e.getValue()));
        return statuses;
    }

    /**
     * No registration workflow failed or expired, and no step ended in a failure or counted retry
     * because a cloud (or our own budget) throttled: throttling only ever reschedules.
     */
    private void assertNoThrottlingReachedTheFailurePath(List<Registration> registrations) {
        List<String> ids = registrations.stream().map(Registration::endpointId).toList();
        String mine = "select w.id from workflow w join private_endpoint p on p.id = w.subject_id where p.endpoint_id in (:ids)";
        assertThat(api.jdbc().sql("select count(*) from workflow where status in ('FAILED', 'EXPIRED') and id in (" + mine + ")")
                .param("ids", ids).query(Integer.class).single()).isZero();
        assertThat(api.jdbc().sql("""
                        select count(*) from workflow_history
                        where outcome in ('FAIL', 'RETRY')
                          and error_code in ('RequestLimitExceeded', 'Throttling', 'TooManyRequests', '429',
                                             'RateBudgetExhausted', 'CircuitOpen')
                          and workflow_id in (""" + mine + ")")
                .param("ids", ids).query(Integer.class).single()).isZero();
        // the operator's view says the same (this context's database holds only this class's workflows)
        JsonNode failed = api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows?status=FAILED").expectStatus(200).result();
        assertThat(failed.size()).isZero();
        int rescheduled = api.jdbc().sql("select coalesce(sum(times), 0) from workflow_history where outcome = 'THROTTLED' and workflow_id in ("
                + mine + ")").param("ids", ids).query(Integer.class).single();
        System.out.printf("%d step executions were rescheduled by a rate limit (never counted as attempts)%n", rescheduled);
    }

    private static Map<String, Integer> ec2Counts() {
        Map<String, Integer> counts = new TreeMap<>();
        ec2.requests.forEach((action, n) -> counts.put(action, n.get()));
        return counts;
    }

    private static Map<String, Integer> armCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        arm.requests.forEach((operation, n) -> counts.put(operation, n.get()));
        return counts;
    }

    private static void report(String cloud, int endpoints, Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("Calls per Ready endpoint, %s, %d registration(s): %d requests = %.2f per endpoint %s%n",
                cloud, endpoints, total, total / (double) endpoints, counts);
    }
}
