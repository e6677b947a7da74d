package dev.privatelink.endpoint.registration;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.EndpointStatusChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.util.ReflectionTestUtils;

import static dev.privatelink.endpoint.EndpointStatus.DELETING;
import static dev.privatelink.endpoint.EndpointStatus.EXPIRED;
import static dev.privatelink.endpoint.EndpointStatus.FAILED;
import static dev.privatelink.endpoint.EndpointStatus.PENDING_ACCEPTANCE;
import static dev.privatelink.endpoint.EndpointStatus.PROVISIONING;
import static dev.privatelink.endpoint.EndpointStatus.READY;
import static dev.privatelink.endpoint.EndpointStatus.REJECTED;
import static dev.privatelink.endpoint.EndpointStatus.WAITING_FOR_CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registration's transition table, walked whole: from every status, every transition method is
 * tried; exactly the legal ones change the status (recording one event when the status changes), the
 * others throw and change nothing. The expectations are written out here, not read from the table.
 */
class EndpointRegistrationTransitionsUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final EndpointConnection CONNECTION = new EndpointConnection("vpce-0123456789abcdef0", null, null,
            "pendingAcceptance", ConnectionState.PENDING_ACCEPTANCE, "us-west-2", "111122223333", NOW);
    private static final EndpointConnection AVAILABLE_CONNECTION = new EndpointConnection("vpce-0123456789abcdef0", null, null,
            "available", ConnectionState.AVAILABLE, "us-west-2", "111122223333", NOW);
    private static final Set<EndpointStatus> IN_PROGRESS = EnumSet.of(PROVISIONING, WAITING_FOR_CONNECTION, PENDING_ACCEPTANCE);
    private static final Set<EndpointStatus> ANY = EnumSet.allOf(EndpointStatus.class);

    /** Each method that changes the status: the status it leads to, and the statuses it may start from. */
    private record Move(String name, BiConsumer<EndpointRegistration, Instant> apply, EndpointStatus to,
                        Set<EndpointStatus> from) {
    }

    private static final List<Move> MOVES = List.of(
            new Move("restart", (r, now) -> r.restart(null, now), PROVISIONING, ANY),
            new Move("waitingForConnection", (r, now) -> r.waitingForConnection("not yet", now), WAITING_FOR_CONNECTION, IN_PROGRESS),
            new Move("pendingAcceptance", (r, now) -> r.pendingAcceptance("needs the allow list", now), PENDING_ACCEPTANCE, IN_PROGRESS),
            new Move("connected", (r, now) -> r.connected(CONNECTION, UUID.randomUUID(), now), PROVISIONING, IN_PROGRESS),
            new Move("accepting", (r, now) -> r.accepting("accepting", now), PROVISIONING, IN_PROGRESS),
            new Move("ready", (r, now) -> r.ready("available", now), READY, IN_PROGRESS),
            new Move("rejected", (r, now) -> r.rejected("REJECTED", "rejected", now), REJECTED, IN_PROGRESS),
            new Move("failed", (r, now) -> r.failed("CODE", "failed", now), FAILED, IN_PROGRESS),
            new Move("expired", (r, now) -> r.expired("never connected", now), EXPIRED, IN_PROGRESS),
            new Move("deleting", (r, now) -> r.deleting(now), DELETING, EnumSet.complementOf(EnumSet.of(DELETING))),
            new Move("deletionStuck", (r, now) -> r.deletionStuck("CODE", "stuck", now), DELETING, EnumSet.of(DELETING)),
            new Move("connectionLost", (r, now) -> r.connectionLost("deleted", "gone", now), FAILED, EnumSet.of(READY)),
            new Move("rejectedInCloud", (r, now) -> r.rejectedInCloud("rejected", "rejected", now), REJECTED, EnumSet.of(READY)),
            new Move("healed", (r, now) -> r.healed(AVAILABLE_CONNECTION, UUID.randomUUID(), "healed", now), READY,
                    EnumSet.of(FAILED, EXPIRED, REJECTED)),
            new Move("cancelledByOperator", (r, now) -> r.cancelledByOperator("cancelled", now), FAILED, IN_PROGRESS),
            new Move("retriedByOperator", (r, now) -> r.retriedByOperator("retried", now), PROVISIONING, EnumSet.of(FAILED)),
            new Move("removalCancelled", (r, now) -> r.removalCancelled("cancelled", now), DELETING, EnumSet.of(DELETING)),
            new Move("removalResumed", (r, now) -> r.removalResumed("resumed", now), DELETING, EnumSet.of(DELETING)));

    /** How to bring a new registration to each status, the legal way. */
    private static final Map<EndpointStatus, BiConsumer<EndpointRegistration, Instant>> REACH = Map.of(
            PROVISIONING, (r, now) -> { },
            WAITING_FOR_CONNECTION, (r, now) -> r.waitingForConnection("not yet", now),
            PENDING_ACCEPTANCE, (r, now) -> r.pendingAcceptance("needs the allow list", now),
            READY, (r, now) -> r.ready("available", now),
            REJECTED, (r, now) -> r.rejected("REJECTED", "rejected", now),
            FAILED, (r, now) -> r.failed("CODE", "failed", now),
            EXPIRED, (r, now) -> r.expired("never connected", now),
            DELETING, (r, now) -> r.deleting(now));

    @ParameterizedTest
    @EnumSource(EndpointStatus.class)
    void everyLegalTransitionIsTakenAndEveryIllegalOneRefused(EndpointStatus from) {
        for (Move move : MOVES) {
            EndpointRegistration registration = in(from);
            if (move.from().contains(from)) {
                long sequenceBefore = registration.eventSequence();
                move.apply().accept(registration, NOW);
                assertThat(registration.status()).as("%s from %s", move.name(), from).isEqualTo(move.to());
                assertThat(events(registration)).as("events of %s from %s", move.name(), from)
                        .hasSize(from == move.to() ? 0 : 1)
                        .allSatisfy(e -> assertThat(e).isEqualTo(new EndpointStatusChanged(registration.id(),
                                registration.organizationId(), CloudProvider.AWS, "vpce-0123456789abcdef0", "us-west-2",
                                from, move.to(), registration.statusCode(), registration.statusMessage(), NOW, "",
                                registration.connectionState(), null, List.of(), NOW.minusSeconds(60), sequenceBefore + 1,
                                registration.scope())));
                assertThat(registration.eventSequence()).isEqualTo(from == move.to() ? sequenceBefore : sequenceBefore + 1);
            } else {
                String connectionState = registration.connectionState();
                UUID endpointService = registration.endpointServiceId();
                assertThatThrownBy(() -> move.apply().accept(registration, NOW))
                        .as("%s from %s", move.name(), from).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is " + from);
                assertThat(registration.status()).isEqualTo(from);
                assertThat(registration.connectionState()).isEqualTo(connectionState);
                assertThat(registration.endpointServiceId()).isEqualTo(endpointService);
                assertThat(events(registration)).isEmpty();
            }
        }
    }

    @Test
    void anOperatorsCancelAndRetrySayWhoDidIt() {
        EndpointRegistration registration = in(WAITING_FOR_CONNECTION);
        registration.cancelledByOperator("cancelled by the platform operator", NOW);
        assertThat(registration.statusCode()).isEqualTo("CANCELLED");
        registration.retriedByOperator("retried by the platform operator", NOW);
        assertThat(registration.statusCode()).isEqualTo("RETRIED");
        assertThat(events(registration)).extracting(e -> ((EndpointStatusChanged) e).status()).containsExactly(FAILED, PROVISIONING);

        EndpointRegistration removing = in(DELETING);
        removing.removalCancelled("cancelled by the platform operator", NOW);
        assertThat(removing.statusCode()).isEqualTo("REMOVAL_CANCELLED");
        removing.removalResumed("removed again by its organization", NOW);
        assertThat(removing.statusCode()).isEqualTo("REMOVED");
        assertThat(events(removing)).isEmpty();
    }

    @Test
    void anExpiredRegistrationNeverBecomesReadyByItself() {
        EndpointRegistration expired = in(EXPIRED);

        assertThatThrownBy(() -> expired.ready("available", NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> expired.accepting("accepting", NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> expired.connected(CONNECTION, UUID.randomUUID(), NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(expired.status()).isEqualTo(EXPIRED);
    }

    @Test
    void aNewRegistrationRecordsItsFirstStatus() {
        EndpointRegistration registration = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef0", "us-west-2", "my VPC", NOW);

        assertThat(events(registration)).singleElement().isInstanceOfSatisfying(EndpointStatusChanged.class, e -> {
            assertThat(e.previous()).isNull();
            assertThat(e.status()).isEqualTo(PROVISIONING);
            assertThat(e.changesReadiness()).isFalse();
        });
    }

    @Test
    void onlyEnteringOrLeavingReadyChangesWhatTheDataPlaneAllows() {
        EndpointRegistration registration = in(WAITING_FOR_CONNECTION);
        registration.accepting("accepting", NOW);
        registration.ready("available", NOW);
        registration.deleting(NOW);

        assertThat(events(registration)).extracting(e -> ((EndpointStatusChanged) e).changesReadiness())
                .containsExactly(false, true, true);
    }

    @Test
    void aConnectionLostOrHealedInTheCloudChangesWhatTheDataPlaneAllowsAndSaysWhy() {
        EndpointRegistration registration = in(READY);
        registration.connectionLost(null, "the connection is no longer listed", NOW);
        assertThat(registration.statusCode()).isEqualTo("CONNECTION_LOST");
        assertThat(registration.connectionState()).isNull();

        UUID service = UUID.randomUUID();
        registration.healed(AVAILABLE_CONNECTION, service, "healed: the cloud reports the connection available", NOW);
        assertThat(registration.status()).isEqualTo(READY);
        assertThat(registration.statusCode()).isEqualTo("HEALED");
        assertThat(registration.connectionState()).isEqualTo("available");
        assertThat(registration.endpointServiceId()).isEqualTo(service);

        registration.rejectedInCloud("rejected", "rejected in the console", NOW);
        assertThat(registration.status()).isEqualTo(REJECTED);
        assertThat(events(registration)).extracting(e -> ((EndpointStatusChanged) e).changesReadiness())
                .containsExactly(true, true, true);
    }

    @Test
    void aReasonChangeWhileWaitingIsNoNewStatus() {
        EndpointRegistration registration = in(WAITING_FOR_CONNECTION);
        registration.waitingForConnection("still nothing", NOW.plusSeconds(5));

        assertThat(registration.statusMessage()).isEqualTo("still nothing");
        assertThat(events(registration)).isEmpty();
    }

    @Test
    void onlyADeletingRegistrationCanBeRemoved() {
        assertThatThrownBy(() -> in(READY).removed(NOW)).isInstanceOf(IllegalStateException.class);

        EndpointRegistration deleting = in(DELETING);
        deleting.removed(NOW);
        assertThat(events(deleting)).singleElement().isInstanceOfSatisfying(EndpointRemoved.class, e -> {
            assertThat(e.status()).isEqualTo(DELETING);
            assertThat(e.sequence()).as("numbered after the registration's last change").isEqualTo(3);
        });
    }

    @Test
    void eachChangeOfARegistrationIsNumberedInTurn() {
        EndpointRegistration registration = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef0", "us-west-2", "", NOW);
        registration.waitingForConnection("not yet", NOW);
        registration.waitingForConnection("still not", NOW); // no new status: no change announced
        registration.accepting("accepting", NOW);
        registration.ready("available", NOW);

        assertThat(events(registration)).extracting(e -> ((EndpointStatusChanged) e).sequence()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events(registration)).extracting(e -> ((EndpointStatusChanged) e).status())
                .containsExactly(PROVISIONING, WAITING_FOR_CONNECTION, PROVISIONING, READY);
    }

    /** A registration brought to the given status the legal way (one step from a new one), its events cleared. */
    private static EndpointRegistration in(EndpointStatus status) {
        EndpointRegistration registration = EndpointRegistration.register(UUID.randomUUID(), CloudProvider.AWS,
                "vpce-0123456789abcdef0", "us-west-2", "", NOW.minusSeconds(60));
        REACH.get(status).accept(registration, NOW.minusSeconds(30));
        assertThat(registration.status()).isEqualTo(status);
        ReflectionTestUtils.invokeMethod(registration, "clearDomainEvents");
        return registration;
    }

    /** The changes the registration recorded, as they are published (before the module adds the allow lists). */
    @SuppressWarnings("unchecked")
    private static List<Object> events(EndpointRegistration registration) {
        return ((Collection<Object>) ReflectionTestUtils.invokeMethod(registration, "domainEvents")).stream()
                .map(e -> (RegistrationEvents.Recorded) e)
                .map(r -> r.statusChange() != null ? (Object) r.statusChange() : r.removal())
                .toList();
    }
}
