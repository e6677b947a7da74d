package dev.privatelink.sandbox.customer;

import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What one sandbox port call costs on the embedded database: {@code ./mvnw -B test -Pbenchmark -Dtest=SandboxBenchmark}. */
@Tag("benchmark")
@IntegrationTest
class SandboxBenchmark {

    private static final int ENDPOINTS = 100;
    private static final int LISTS = 500;

    @Autowired
    CloudBackends backends;
    @Autowired
    CustomerVpcEndpoints customerSide;

    @Test
    void portCallsPerSecond() {
        CloudEndpointConnections aws = backends.connections(CloudProvider.AWS);
        EndpointServiceDescription service = backends.endpointServiceCreation(CloudProvider.AWS).orElseThrow()
                .createEndpointService(null, "us-west-2", UUID.randomUUID().toString());
        Caller customer = new Caller("bench", UUID.randomUUID(), Role.ADMIN);

        long t0 = System.nanoTime();
        for (int i = 0; i < ENDPOINTS; i++) {
            customerSide.createVpcEndpoint(customer, service.serviceName(), "us-west-2");
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < LISTS; i++) {
            aws.listConnections(service.ref());
        }
        long t2 = System.nanoTime();
        List<EndpointConnection> connections = aws.listConnections(service.ref());
        for (EndpointConnection connection : connections) {
            aws.acceptConnection(service.ref(), connection);
        }
        long t3 = System.nanoTime();

        assertThat(aws.listConnections(service.ref())).allSatisfy(c -> assertThat(c.cloudState()).isEqualTo("available"));
        System.out.printf("sandbox: createVpcEndpoint %.2f ms each; listConnections(%d connections) %.2f ms each (%.0f/s); "
                        + "acceptConnection %.2f ms each (%.0f/s)%n",
                ms(t1 - t0) / ENDPOINTS, ENDPOINTS, ms(t2 - t1) / LISTS, LISTS / (ms(t2 - t1) / 1000),
                ms(t3 - t2) / ENDPOINTS, ENDPOINTS / (ms(t3 - t2) / 1000));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
