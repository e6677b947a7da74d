package dev.privatelink.endpoint.provisioning;

import java.time.Duration;
import java.time.Instant;

import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An accepted connection still settling (PENDING) is listed again with a growing pause, from
 * {@code ServiceConnections.SETTLING} up to the maximum: not every 200 ms for as long as it takes.
 */
class RecheckBackoffUnitTests {

    private static final Instant SINCE = Instant.parse("2031-01-01T00:00:00Z");
    private static final PrivateEndpointProperties PROPERTIES = new PrivateEndpointProperties("privatelink.example.cloud",
            Duration.ofDays(7), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void aConnectionStillPendingIsLookedAtLessOftenTheLongerItTakes() {
        assertThat(RegistrationWorkflow.backoff(PROPERTIES, SINCE, SINCE, ServiceConnections.SETTLING))
                .isEqualTo(ServiceConnections.SETTLING);
        assertThat(RegistrationWorkflow.backoff(PROPERTIES, SINCE, SINCE.plusSeconds(10), ServiceConnections.SETTLING))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(RegistrationWorkflow.backoff(PROPERTIES, SINCE, SINCE.plus(Duration.ofDays(1)), ServiceConnections.SETTLING))
                .isEqualTo(Duration.ofMinutes(5));
    }
}
