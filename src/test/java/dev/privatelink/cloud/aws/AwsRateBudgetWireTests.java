package dev.privatelink.cloud.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.privatelink.cloud.aws.AwsStub.REGION;
import static dev.privatelink.cloud.aws.AwsStub.SERVICE_ID;
import static dev.privatelink.cloud.aws.AwsStub.ec2;
import static dev.privatelink.cloud.aws.AwsStub.ec2Ok;
import static dev.privatelink.cloud.aws.AwsStub.ec2Requested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our budgets against a stub that enforces EC2's own token bucket for Describe* (burst 100, refill
 * 20/s): 200 concurrent callers, each rescheduling itself on UNAVAILABLE/THROTTLED as a workflow
 * step would, all succeed without the stub ever throttling.
 */
class AwsRateBudgetWireTests {

    static final EndpointServiceRef REF = new EndpointServiceRef(CloudProvider.AWS, null, REGION, SERVICE_ID);

    /** EC2's token bucket for one API class, in the stub: answers RequestLimitExceeded when empty. */
    static final class Ec2TokenBucket implements ResponseDefinitionTransformerV2 {

        private final String action;
        private final double burst;
        private final double refillPerSecond;
        private double tokens;
        private long last = System.nanoTime();
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();

        Ec2TokenBucket(String action, double burst, double refillPerSecond) {
            this.action = action;
            this.burst = burst;
            this.refillPerSecond = refillPerSecond;
            this.tokens = burst;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (!event.getRequest().getBodyAsString().contains("Action=" + action + "&")) {
                return event.getResponseDefinition();
            }
            if (take()) {
                served.incrementAndGet();
                return event.getResponseDefinition();
            }
            throttled.incrementAndGet();
            return AwsStub.ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.").build();
        }

        private synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * refillPerSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        @Override
        public String getName() {
            return "ec2-token-bucket-" + action;
        }
    }

    final Ec2TokenBucket describeBucket = new Ec2TokenBucket("DescribeVpcEndpointConnections", 100, 20);
    // 200 callers on 2 shared cores: a generous attempt timeout keeps CPU contention from looking like AWS latency
    final AwsStub aws = new AwsStub(0.9, Duration.ofSeconds(10), describeBucket);

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void twoHundredConcurrentListingsStayUnderEc2sBucket() throws Exception {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").willReturn(ec2Ok("DescribeVpcEndpointConnections",
                "<vpcEndpointConnectionSet>" + AwsEndpointServicesWireTests.connection("vpce-0aaa", "pendingAcceptance", REGION)
                        + "</vpcEndpointConnectionSet>")));
        AwsEndpointServices cloud = aws.endpointServices();
        AtomicInteger reschedules = new AtomicInteger();
        AtomicInteger cloudThrottles = new AtomicInteger();

        long start = System.nanoTime();
        List<Future<List<EndpointConnection>>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                results.add(callers.submit(() -> {
                    for (int attempt = 0; attempt < 200; attempt++) {
                        try {
                            return cloud.listConnections(REF);
                        } catch (CloudException e) {
                            if (e.kind() == CloudErrorKind.THROTTLED) {
                                cloudThrottles.incrementAndGet();
                            } else if (e.kind() != CloudErrorKind.UNAVAILABLE) {
                                throw e;
                            }
                            reschedules.incrementAndGet();
                            // the workflow would reschedule the step after the hint; here the harness sleeps it
                            Thread.sleep(Math.min(e.retryAfter().orElse(Duration.ofSeconds(1)).toMillis(), 5_000) + 1);
                        }
                    }
                    throw new AssertionError("not done after 200 reschedules");
                }));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        int succeeded = 0;
        for (Future<List<EndpointConnection>> result : results) {
            assertThat(result.get()).hasSize(1);
            succeeded++;
        }
        int requests = aws.count(ec2Requested("DescribeVpcEndpointConnections"));
        System.out.printf("Rate budget: %d listConnections calls succeeded in %d ms; %d HTTP requests (%.1f/s), "
                        + "%d reschedules on our budget, %d throttled by the stub's EC2 bucket (100, 20/s); our window %s%n",
                succeeded, took.toMillis(), requests, requests / (took.toMillis() / 1000.0), reschedules.get(),
                describeBucket.throttled.get(), aws.guard.budget(dev.privatelink.cloud.resilience.ApiClass.AWS_EC2_DESCRIBE));
        assertThat(succeeded).isEqualTo(200);
        assertThat(describeBucket.throttled).hasValue(0);
        assertThat(cloudThrottles).hasValue(0);
        assertThat(requests).isEqualTo(200);
    }

    /** Four: the accept budget's window (4 per 4.4 s) takes them without a reschedule. */
    static final int ENDPOINTS = 4;

    @Test
    void callsPerReadyEndpoint() {
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointServiceConfigurations").willReturn(ec2Ok(
                "DescribeVpcEndpointServiceConfigurations", AwsEndpointServicesWireTests.serviceConfiguration("", ""))));
        StringBuilder pending = new StringBuilder("<vpcEndpointConnectionSet>");
        StringBuilder available = new StringBuilder("<vpcEndpointConnectionSet>");
        for (int i = 0; i < ENDPOINTS; i++) {
            pending.append(AwsEndpointServicesWireTests.connection("vpce-0" + i, "pendingAcceptance", REGION));
            available.append(AwsEndpointServicesWireTests.connection("vpce-0" + i, "available", REGION));
        }
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").inScenario("accept").whenScenarioStateIs("Started")
                .willReturn(ec2Ok("DescribeVpcEndpointConnections", pending + "</vpcEndpointConnectionSet>"))
                .willSetStateTo("listed"));
        aws.wireMock.stubFor(ec2("DescribeVpcEndpointConnections").inScenario("accept").whenScenarioStateIs("listed")
                .willReturn(ec2Ok("DescribeVpcEndpointConnections", available + "</vpcEndpointConnectionSet>")));
        aws.wireMock.stubFor(ec2("AcceptVpcEndpointConnections").willReturn(ec2Ok("AcceptVpcEndpointConnections", "<unsuccessful/>")));
        AwsEndpointServices cloud = aws.endpointServices();

        // one poll per endpoint service serves every registration waiting on it
        cloud.describeEndpointService(REF);
        List<EndpointConnection> connections = cloud.listConnections(REF);
        connections.forEach(c -> cloud.acceptConnection(REF, c));
        List<EndpointConnection> after = cloud.listConnections(REF);

        int describe = aws.count(ec2Requested("DescribeVpcEndpointServiceConfigurations"));
        int list = aws.count(ec2Requested("DescribeVpcEndpointConnections"));
        int accept = aws.count(ec2Requested("AcceptVpcEndpointConnections"));
        int total = describe + list + accept;
        System.out.printf("Calls per Ready endpoint (%d endpoints on one service): describe-service %d + listConnections %d "
                        + "+ accept %d = %d requests, %.2f per endpoint (a single endpoint: 4)%n",
                ENDPOINTS, describe, list, accept, total, total / (double) ENDPOINTS);
        assertThat(after).allMatch(c -> c.state() == dev.privatelink.cloud.ConnectionState.AVAILABLE);
        assertThat(describe).isEqualTo(1);
        assertThat(list).isEqualTo(2);
        assertThat(accept).isEqualTo(ENDPOINTS);
    }
}
