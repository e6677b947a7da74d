package dev.privatelink.endpoint.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudFailureOutcomes;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.BatchHandler.Decisions;
import dev.privatelink.workflow.BatchHandler.Parked;
import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.StepOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A listing of the service's connections that fails transiently is met by each parked registration as
 * its step would meet it (a counted retry), except by one whose connection was accepted already: that
 * one waits and looks again, so that no run of failed listings ends it Failed while the cloud has it
 * connected (seen with faults at 20 % per kind).
 */
class ServiceConnectionsUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    @Test
    void aTransientlyFailedListingCountsAgainstWaitingRegistrationsButNotAgainstAcceptedOnes() {
        UUID serviceId = UUID.randomUUID();
        EndpointRegistration accepted = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef0", "us-west-2", "", NOW.minusSeconds(10));
        accepted.connected(new EndpointConnection("vpce-0123456789abcdef0", null, null, "pending", ConnectionState.PENDING,
                "us-west-2", "111122223333", NOW), serviceId, NOW.minusSeconds(5));
        EndpointRegistration waiting = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef1", "us-west-2", "", NOW.minusSeconds(10));
        ServiceConnections connections = handler(serviceId, List.of(accepted, waiting),
                new CloudException(CloudProvider.AWS, "DescribeVpcEndpointConnections", "InternalError",
                        CloudErrorKind.RETRYABLE, "An internal error has occurred"));

        UUID acceptedRun = UUID.randomUUID();
        UUID waitingRun = UUID.randomUUID();
        Decisions decisions = connections.decide(serviceId.toString(), List.of(parked(acceptedRun, accepted), parked(waitingRun, waiting)));

        assertThat(decisions.outcomes().get(acceptedRun)).isInstanceOfSatisfying(StepOutcome.Await.class,
                await -> assertThat(await.keys()).containsExactly(serviceId.toString()));
        assertThat(decisions.outcomes().get(waitingRun)).isInstanceOfSatisfying(StepOutcome.Retry.class,
                retry -> assertThat(retry.code()).isEqualTo("InternalError"));
    }

    @Test
    void aTerminalFailureToListEndsAcceptedRegistrationsToo() {
        UUID serviceId = UUID.randomUUID();
        EndpointRegistration accepted = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef0", "us-west-2", "", NOW.minusSeconds(10));
        accepted.connected(new EndpointConnection("vpce-0123456789abcdef0", null, null, "pending", ConnectionState.PENDING,
                "us-west-2", "111122223333", NOW), serviceId, NOW.minusSeconds(5));
        ServiceConnections connections = handler(serviceId, List.of(accepted), new CloudException(CloudProvider.AWS,
                "DescribeVpcEndpointConnections", "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.TERMINAL, "gone"));

        UUID run = UUID.randomUUID();
        Decisions decisions = connections.decide(serviceId.toString(), List.of(parked(run, accepted)));

        assertThat(decisions.outcomes().get(run)).isInstanceOf(StepOutcome.Fail.class);
    }

    private static ServiceConnections handler(UUID serviceId, List<EndpointRegistration> registrations, CloudException listing) {
        EndpointService service = mock(EndpointService.class);
        when(service.id()).thenReturn(serviceId);
        when(service.isAvailable()).thenReturn(true);
        when(service.provider()).thenReturn(CloudProvider.AWS);
        when(service.region()).thenReturn("us-west-2");
        EndpointServiceDirectory directory = mock(EndpointServiceDirectory.class);
        when(directory.find(serviceId)).thenReturn(Optional.of(service));
        EndpointRegistrations endpoints = mock(EndpointRegistrations.class);
        when(endpoints.findAllByIdIn(any())).thenReturn(registrations);
        CloudEndpointConnections cloud = mock(CloudEndpointConnections.class);
        when(cloud.listConnections(any())).thenThrow(listing);
        CloudBackends clouds = mock(CloudBackends.class);
        when(clouds.connections(CloudProvider.AWS)).thenReturn(cloud);
        @SuppressWarnings("unchecked")
        ObjectProvider<FailureOutcomes> failureOutcomes = mock(ObjectProvider.class);
        when(failureOutcomes.orderedStream()).thenAnswer(invocation -> Stream.of(new CloudFailureOutcomes()));
        PrivateEndpointProperties properties = new PrivateEndpointProperties("privatelink.example.cloud", Duration.ofDays(7),
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
        return new ServiceConnections(endpoints, directory, clouds, null, properties, failureOutcomes,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Parked parked(UUID workflowId, EndpointRegistration registration) {
        return new Parked(workflowId, RegistrationRuns.REGISTER, registration.id(), "connect", 1, NOW.minusSeconds(10),
                NOW.plus(Duration.ofDays(7)), true, NOW.minusSeconds(1));
    }
}
