package dev.privatelink.operations;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import dev.privatelink.cloud.resilience.ResilienceProperties;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard and the alert rules read metrics by name; a name the service does not expose makes an
 * empty panel or an alert that can never fire. Every name they use must be in what the running service
 * serves at {@code /actuator/prometheus} after a registration went to Ready, or, for cloud calls (the
 * sandbox does not go through the call guard), in what the guard exposes for real calls.
 */
@IntegrationTest
class MetricNamesIntegrationTests {

    @Autowired
    TestApi api;

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsExposed() {
        registerAnEndpointUntilReady();
        String scrape = api.as(Credentials.DEV_OPERATOR).get("/actuator/prometheus").expectStatus(200).body();
        Set<String> exposed = names(scrape);
        exposed.addAll(names(guardedCalls()));

        assertThat(exposed).as("the service's own meters").contains("privatelink_endpoint_registrations",
                "privatelink_endpoint_time_to_ready_seconds_bucket", "privatelink_workflow_queue_lag_seconds",
                "privatelink_workflow_step_executions_total", "privatelink_cloud_calls_seconds_count",
                "privatelink_cloud_refusals_total");
        assertThat(scrape).contains("privatelink_endpoint_registrations{status=\"READY\"}");

        Set<String> used = new TreeSet<>();
        OperationsFiles.dashboardExpressions().forEach(e -> used.addAll(OperationsFiles.metricNames(e)));
        OperationsFiles.alertRules().forEach(r -> used.addAll(OperationsFiles.metricNames((String) r.get("expr"))));
        assertThat(used).as("metrics the dashboard and the alert rules read").hasSizeGreaterThan(10);
        assertThat(used.stream().filter(name -> !exposed.contains(name)).toList())
                .as("metrics read by ops/grafana and ops/prometheus that nothing exposes").isEmpty();
    }

    private void registerAnEndpointUntilReady() {
        TestApi.Tenant tenant = api.newTenant("SCALE");
        String serviceId = ok(api.as(tenant.admin()).post(tenant.path() + "/services",
                Map.of("name", "metrics", "provider", "aws", "region", "us-west-2", "tier", "production"))).result().get("service")
                .get("id").asString();
        String endpointServiceId = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig")
                .expectStatus(200).result().get("endpointServiceId").asString();
        String endpointId = ok(api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", endpointServiceId, "region", "us-west-2"))).result().get("vpcEndpointId").asString();
        ok(api.as(tenant.admin()).post(tenant.path() + "/services/" + serviceId + "/privateEndpoint",
                Map.of("id", endpointId, "description", "metrics")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.as(tenant.admin())
                .get(tenant.path() + "/privateEndpoints/" + endpointId).result().get("status").asString()).isEqualTo("Ready"));
    }

    /** What the call guard exposes for real cloud calls: successes, a throttled call, budget refusals. */
    private static String guardedCalls() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CloudCallGuard guard = new CloudCallGuard(ResilienceProperties.defaults(), registry);
        CallSite create = new CallSite(CloudProvider.AWS, "111122223333", "us-west-2", ApiClass.AWS_EC2_CREATE_VPC_ENDPOINT,
                "CreateVpcEndpoint");
        for (int i = 0; i < 10; i++) { // the budget holds fewer permits than this: the rest are refused
            try {
                guard.call(create, () -> "vpce-0123", (site, error) -> null);
            } catch (CloudException refused) {
                assertThat(refused.kind()).isEqualTo(CloudErrorKind.UNAVAILABLE);
            }
        }
        CallSite describe = new CallSite(CloudProvider.AWS, "111122223333", "us-west-2", ApiClass.AWS_EC2_DESCRIBE,
                "DescribeVpcEndpointConnections");
        try {
            guard.call(describe, () -> {
                throw new CloudException(CloudProvider.AWS, "DescribeVpcEndpointConnections", "RequestLimitExceeded",
                        CloudErrorKind.THROTTLED, "Request limit exceeded.", Duration.ofSeconds(30), null);
            }, (site, error) -> null);
        } catch (CloudException throttled) {
            assertThat(throttled.kind()).isEqualTo(CloudErrorKind.THROTTLED);
        }
        return registry.scrape();
    }

    private static Set<String> names(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static TestApi.Response ok(TestApi.Response response) {
        return response.expectStatus(200);
    }
}
