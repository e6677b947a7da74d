package dev.privatelink.sandbox.model;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.sandbox.model.SandboxConnection;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxConnectionUnitTests {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final SandboxSettings.Latency LATENCY =
            new SandboxSettings.Latency(null, Duration.ofSeconds(30), Duration.ofSeconds(10), null, null, null);

    private final SandboxConnection aws = SandboxConnection.newAws("vpce-0123456789abcdef0", "vpce-svc-0123456789abcdef0",
            "us-west-2", "123456789012", UUID.randomUUID(), T0);
    private final SandboxConnection azure = SandboxConnection.newAzure("7f3c9a3e-2f1b-4c53-9d5e-0a1b2c3d4e5f", "pls",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-7f3c9a3e", "pe-7f3c9a3e",
            "westus3", "s", UUID.randomUUID(), "10.0.1.4", T0);

    @Test
    void anAcceptedAwsConnectionIsPendingForTheAcceptLatencyThenAvailable() {
        SandboxConnection accepted = aws.accept(T0.plusSeconds(5), LATENCY, "acceptConnection");

        assertThat(aws.cloudState(T0, LATENCY)).isEqualTo("pendingAcceptance");
        assertThat(accepted.cloudState(T0.plusSeconds(34), LATENCY)).isEqualTo("pending");
        assertThat(accepted.cloudState(T0.plusSeconds(35), LATENCY)).isEqualTo("available");
        assertThat(accepted.toPort(T0.plusSeconds(35), LATENCY).state()).isEqualTo(ConnectionState.AVAILABLE);
    }

    @Test
    void acceptingAnAcceptedConnectionChangesNothing() {
        SandboxConnection accepted = aws.accept(T0, LATENCY, "acceptConnection");

        assertThat(accepted.accept(T0.plusSeconds(1), LATENCY, "acceptConnection")).isSameAs(accepted);
        assertThat(accepted.accept(T0.plusSeconds(60), LATENCY, "acceptConnection")).isSameAs(accepted);
        SandboxConnection approved = azure.accept(T0, LATENCY, "acceptConnection");
        assertThat(approved.accept(T0, LATENCY, "acceptConnection")).isSameAs(approved);
    }

    @Test
    void acceptingARejectedAwsConnectionIsATerminalInvalidState() {
        SandboxConnection rejected = aws.reject(T0, LATENCY, "not on the allow list", "rejectConnection");

        assertThat(rejected.cloudState(T0, LATENCY)).isEqualTo("rejected");
        assertThatThrownBy(() -> rejected.accept(T0.plusSeconds(1), LATENCY, "acceptConnection"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                    assertThat(e.code()).isEqualTo("InvalidState");
                    assertThat(e.operation()).isEqualTo("acceptConnection");
                    assertThat(e.getMessage()).contains("vpce-0123456789abcdef0", "rejected");
                });
    }

    @Test
    void aDeletedAwsEndpointIsDeletingForTheDeleteLatencyThenDeletedAndCannotBeAccepted() {
        SandboxConnection deleting = aws.deleteEndpoint(T0, LATENCY);

        assertThat(deleting.cloudState(T0.plusSeconds(9), LATENCY)).isEqualTo("deleting");
        assertThat(deleting.cloudState(T0.plusSeconds(10), LATENCY)).isEqualTo("deleted");
        assertThat(deleting.deleteEndpoint(T0.plusSeconds(11), LATENCY)).isSameAs(deleting);
        assertThatThrownBy(() -> deleting.accept(T0.plusSeconds(11), LATENCY, "acceptConnection"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidState"));
        assertThatThrownBy(() -> deleting.reject(T0.plusSeconds(11), LATENCY, null, "rejectConnection"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.isTerminal()).isTrue());
    }

    @Test
    void anAvailableAwsConnectionCanStillBeRejected() {
        SandboxConnection available = aws.accept(T0, LATENCY, "acceptConnection");

        SandboxConnection rejected = available.reject(T0.plusSeconds(60), LATENCY, null, "rejectConnection");

        assertThat(rejected.cloudState(T0.plusSeconds(60), LATENCY)).isEqualTo("rejected");
        assertThat(rejected.reject(T0.plusSeconds(61), LATENCY, null, "rejectConnection")).isSameAs(rejected);
    }

    @Test
    void azureConnectionsUseAzureWordsAndRefuseApprovingARejectedOne() {
        assertThat(azure.cloudState(T0, LATENCY)).isEqualTo("Pending");
        assertThat(azure.toPort(T0, LATENCY).state()).isEqualTo(ConnectionState.PENDING_ACCEPTANCE);
        assertThat(azure.toPort(T0, LATENCY).connectionName()).isEqualTo("pe-7f3c9a3e.7f3c9a3e-2f1b-4c53-9d5e-0a1b2c3d4e5f");
        assertThat(azure.accept(T0, LATENCY, "acceptConnection").cloudState(T0, LATENCY)).isEqualTo("Approved");

        SandboxConnection rejected = azure.reject(T0, LATENCY, "unknown endpoint", "rejectConnection");

        assertThat(rejected.toPort(T0, LATENCY).state()).isEqualTo(ConnectionState.REJECTED);
        assertThat(rejected.description()).isEqualTo("unknown endpoint");
        assertThatThrownBy(() -> rejected.accept(T0, LATENCY, "acceptConnection"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                    assertThat(e.code()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).isEqualTo("Approving rejected private endpoint connections is not supported.");
                });
    }

    @Test
    void aDeletedAzurePrivateEndpointLeavesADisconnectedConnectionThatCannotBeApproved() {
        SandboxConnection disconnected = azure.accept(T0, LATENCY, "acceptConnection").deleteEndpoint(T0.plusSeconds(1), LATENCY);

        assertThat(disconnected.toPort(T0.plusSeconds(1), LATENCY).cloudState()).isEqualTo("Disconnected");
        assertThat(disconnected.toPort(T0.plusSeconds(1), LATENCY).state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThatThrownBy(() -> disconnected.accept(T0.plusSeconds(2), LATENCY, "acceptConnection"))
                .isInstanceOf(CloudException.class);
    }

    @Test
    void withoutLatencyAnAcceptedAwsConnectionIsAvailableAtOnce() {
        SandboxSettings.Latency none = SandboxSettings.defaults().latency();

        assertThat(aws.accept(T0, none, "acceptConnection").cloudState(T0, none)).isEqualTo("available");
        assertThat(aws.deleteEndpoint(T0, none).cloudState(T0, none)).isEqualTo("deleted");
    }
}
