package dev.privatelink.reverseendpoint.model;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.privatelink.reverseendpoint.ReverseEndpointRemoved;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointStatusChanged;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.util.ReflectionTestUtils;

import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.DELETING;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.EXPIRED;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.FAILED;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.PENDING_ACCEPTANCE;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.PROVISIONING;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.READY;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reverse endpoint's transition table, walked whole: from every status, every transition method
 * is tried; exactly the legal ones change the status (recording one event when it changes), the others
 * throw and change nothing. The expectations are written out here, not read from the table.
 */
class ReverseEndpointTransitionsUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Set<ReverseEndpointStatus> IN_PROGRESS = EnumSet.of(PROVISIONING, PENDING_ACCEPTANCE);
    private static final Set<ReverseEndpointStatus> IN_PROGRESS_OR_READY = EnumSet.of(PROVISIONING, PENDING_ACCEPTANCE, READY);
    private static final ReverseTarget TARGET = new ReverseTarget(ReverseEndpointType.VPC_ENDPOINT_SERVICE,
            "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", null, null, null, null, "us-east-1", "key");

    private record Move(String name, BiConsumer<ReverseEndpoint, Instant> apply, ReverseEndpointStatus to,
                        Set<ReverseEndpointStatus> from) {
    }

    private static final List<Move> MOVES = List.of(
            new Move("awaitingAcceptance", (e, now) -> e.awaitingAcceptance("pendingAcceptance", "waiting", now),
                    PENDING_ACCEPTANCE, IN_PROGRESS),
            new Move("provisioning", (e, now) -> e.provisioning("pending", now), PROVISIONING, IN_PROGRESS),
            new Move("ready", (e, now) -> e.ready("available", List.of("a.vpce.amazonaws.com"), List.of(), now), READY, IN_PROGRESS),
            new Move("rejected", (e, now) -> e.rejected("REJECTED", "rejected", now), REJECTED, IN_PROGRESS_OR_READY),
            new Move("failed", (e, now) -> e.failed("CODE", "failed", now), FAILED, IN_PROGRESS_OR_READY),
            new Move("expired", (e, now) -> e.expired("never accepted", now), EXPIRED, IN_PROGRESS),
            new Move("deleting", (e, now) -> e.deleting(now), DELETING, EnumSet.complementOf(EnumSet.of(DELETING))),
            new Move("deletionStuck", (e, now) -> e.deletionStuck("CODE", "stuck", now), DELETING, EnumSet.of(DELETING)),
            new Move("cancelledByOperator", (e, now) -> e.cancelledByOperator("cancelled", now), FAILED, IN_PROGRESS),
            new Move("retriedByOperator", (e, now) -> e.retriedByOperator("retried", now), PROVISIONING, EnumSet.of(FAILED)),
            new Move("deletionCancelled", (e, now) -> e.deletionCancelled("cancelled", now), DELETING, EnumSet.of(DELETING)),
            new Move("deletionResumed", (e, now) -> e.deletionResumed("resumed", now), DELETING, EnumSet.of(DELETING)));

    private static final Map<ReverseEndpointStatus, BiConsumer<ReverseEndpoint, Instant>> REACH = Map.of(
            PROVISIONING, (e, now) -> { },
            PENDING_ACCEPTANCE, (e, now) -> e.awaitingAcceptance("pendingAcceptance", "waiting", now),
            READY, (e, now) -> e.ready("available", List.of("a.vpce.amazonaws.com"), List.of(), now),
            REJECTED, (e, now) -> e.rejected("REJECTED", "rejected", now),
            FAILED, (e, now) -> e.failed("CODE", "failed", now),
            EXPIRED, (e, now) -> e.expired("never accepted", now),
            DELETING, (e, now) -> e.deleting(now));

    @ParameterizedTest
    @EnumSource(ReverseEndpointStatus.class)
    void everyLegalTransitionIsTakenAndEveryIllegalOneRefused(ReverseEndpointStatus from) {
        for (Move move : MOVES) {
            ReverseEndpoint endpoint = in(from);
            if (move.from().contains(from)) {
                move.apply().accept(endpoint, NOW);
                assertThat(endpoint.status()).as("%s from %s", move.name(), from).isEqualTo(move.to());
                assertThat(events(endpoint)).as("events of %s from %s", move.name(), from)
                        .hasSize(from == move.to() ? 0 : 1)
                        .allSatisfy(e -> assertThat(e).isEqualTo(new ReverseEndpointStatusChanged(endpoint.snapshot(), from,
                                NOW, endpoint.eventSequence())));
            } else {
                assertThatThrownBy(() -> move.apply().accept(endpoint, NOW))
                        .as("%s from %s", move.name(), from).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is " + from);
                assertThat(endpoint.status()).isEqualTo(from);
                assertThat(events(endpoint)).isEmpty();
            }
        }
    }

    @Test
    void aRejectedOrExpiredEndpointNeverBecomesReadyByItself() {
        for (ReverseEndpointStatus settled : List.of(REJECTED, EXPIRED, FAILED)) {
            ReverseEndpoint endpoint = in(settled);
            assertThatThrownBy(() -> endpoint.ready("available", List.of(), List.of(), NOW)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> endpoint.provisioning("pending", NOW)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aNewEndpointRecordsItsFirstStatusAndEchoesItsTarget() {
        ReverseEndpoint endpoint = ReverseEndpoint.create(UUID.randomUUID(), UUID.randomUUID(), null, TARGET, "us-east-1",
                List.of("Kafka.example.com"), NOW);

        assertThat(endpoint.description()).isEmpty();
        assertThat(endpoint.vpcEndpointServiceName()).isEqualTo(TARGET.vpcEndpointServiceName());
        assertThat(endpoint.customDnsNames()).containsExactly("Kafka.example.com");
        assertThat(endpoint.clientToken()).isEqualTo("privatelink-rpe-" + endpoint.id()).hasSizeLessThanOrEqualTo(64);
        assertThat(events(endpoint)).singleElement().isInstanceOfSatisfying(ReverseEndpointStatusChanged.class, e -> {
            assertThat(e.previous()).isNull();
            assertThat(e.status()).isEqualTo(PROVISIONING);
        });
    }

    @Test
    void customDnsNamesAreOutOfSyncUntilTheZoneHoldsThemPointingAtTheEndpoint() {
        ReverseEndpoint endpoint = in(READY);
        assertThat(endpoint.dnsOutOfSync()).isFalse();

        endpoint.customDnsNames(List.of("Kafka.example.com"), NOW);
        assertThat(endpoint.dnsOutOfSync()).isTrue();
        endpoint.dnsApplied(List.of("kafka.example.com"), "a.vpce.amazonaws.com", List.of("C1"), NOW);
        assertThat(endpoint.dnsOutOfSync()).isFalse();
        endpoint.dnsApplied(List.of("kafka.example.com"), "old.vpce.amazonaws.com", List.of(), NOW);
        assertThat(endpoint.dnsOutOfSync()).as("pointing elsewhere").isTrue();
    }

    @Test
    void onlyADeletingEndpointCanBeRemoved() {
        assertThatThrownBy(() -> in(READY).removed(NOW)).isInstanceOf(IllegalStateException.class);

        ReverseEndpoint deleting = in(DELETING);
        deleting.removed(NOW);
        assertThat(events(deleting)).singleElement().isInstanceOf(ReverseEndpointRemoved.class);
    }

    private static ReverseEndpoint in(ReverseEndpointStatus status) {
        ReverseEndpoint endpoint = ReverseEndpoint.create(UUID.randomUUID(), UUID.randomUUID(), "pipes", TARGET, "us-east-1",
                List.of(), NOW.minusSeconds(60));
        REACH.get(status).accept(endpoint, NOW.minusSeconds(30));
        assertThat(endpoint.status()).isEqualTo(status);
        ReflectionTestUtils.invokeMethod(endpoint, "clearDomainEvents");
        return endpoint;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> events(ReverseEndpoint endpoint) {
        return List.copyOf((Collection<Object>) ReflectionTestUtils.invokeMethod(endpoint, "domainEvents"));
    }
}
