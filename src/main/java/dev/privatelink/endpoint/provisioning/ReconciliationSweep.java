package dev.privatelink.endpoint.provisioning;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.Workflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Nothing stays out of step with the cloud: every {@code reconciliation-interval}, on one replica (a
 * db-scheduler recurring task), every settled registration is compared with what the cloud reports,
 * one connection listing per endpoint service (through the cloud port, so within its read budget),
 * and moved to the state the cloud reports, with the reason:
 * <ul>
 *   <li>Ready, but its connection is gone, deleted, failed or disconnected: {@code Failed}
 *       ({@code CONNECTION_LOST}); rejected: {@code Rejected}. It leaves the allow lists (the feed moves
 *       with its status change).</li>
 *   <li>Failed, Expired or Rejected, but its connection is available (accepted after all, approved in the
 *       console): {@code Ready} ({@code HEALED}), unless another organization holds the endpoint or the
 *       endpoint is in another region than registered. Compared on its endpoint service when it found
 *       one, else on every available service of its provider, as its workflow looked.</li>
 * </ul>
 * In-progress and Deleting registrations belong to their workflows: the sweep wakes their services'
 * batches ({@link ServiceConnections}) instead of deciding for them. A service whose listing fails is
 * skipped this round.
 */
@Component
class ReconciliationSweep {

    static final String TASK_NAME = "inbound-endpoint-reconciliation";
    private static final Logger log = LoggerFactory.getLogger(ReconciliationSweep.class);
    private static final Set<EndpointStatus> UNREADY = EnumSet.of(EndpointStatus.FAILED, EndpointStatus.EXPIRED,
            EndpointStatus.REJECTED);

    private final EndpointRegistrations endpoints;
    private final EndpointServiceDirectory directory;
    private final ConnectionListings listings;
    private final ReconciliationOutcomes outcomes;
    private final Workflows workflows;

    ReconciliationSweep(EndpointRegistrations endpoints, EndpointServiceDirectory directory, ConnectionListings listings,
                        ReconciliationOutcomes outcomes, Workflows workflows) {
        this.endpoints = endpoints;
        this.directory = directory;
        this.listings = listings;
        this.outcomes = outcomes;
        this.workflows = workflows;
    }

    @Bean
    static RecurringTask<Void> inboundEndpointReconciliation(ReconciliationSweep sweep, PrivateEndpointProperties properties) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(properties.reconciliationInterval()))
                .execute((instance, context) -> sweep.runOnce());
    }

    /**
     * What one round did.
     *
     * @param listed   endpoint services whose connections were listed (one listing each)
     * @param skipped  endpoint services whose listing failed (looked at next round)
     * @param compared settled registrations compared with a listing
     * @param lost     Ready registrations that became Failed ({@code CONNECTION_LOST})
     * @param rejected Ready registrations that became Rejected
     * @param healed   Failed, Expired or Rejected registrations that became Ready
     * @param woken    endpoint services whose registration batch was woken for in-progress registrations
     */
    record Round(int listed, int skipped, int compared, int lost, int rejected, int healed, int woken) {
    }

    /** One round over every registration (the recurring task's body). */
    Round runOnce() {
        // read before listing: a registration that changes after it was read is left to the next round
        List<EndpointRegistration> registrations = endpoints.findByStatusIn(EnumSet.allOf(EndpointStatus.class));
        Map<CloudProvider, List<EndpointService>> available = new LinkedHashMap<>();
        Map<UUID, List<EndpointRegistration>> toCompare = new LinkedHashMap<>();
        Set<UUID> toWake = new LinkedHashSet<>();
        for (EndpointRegistration registration : registrations) {
            List<UUID> services = registration.endpointServiceId() != null ? List.of(registration.endpointServiceId())
                    : available.computeIfAbsent(registration.provider(), directory::available).stream()
                    .map(EndpointService::id).toList();
            if (registration.status() == EndpointStatus.READY || UNREADY.contains(registration.status())) {
                services.forEach(s -> toCompare.computeIfAbsent(s, k -> new ArrayList<>()).add(registration));
            } else {
                toWake.addAll(services);
            }
        }
        Tally tally = new Tally();
        toCompare.forEach((serviceId, compared) -> directory.find(serviceId).filter(EndpointService::isAvailable)
                .ifPresent(service -> compare(service, compared, tally)));
        toWake.forEach(serviceId -> workflows.runBatch(ServiceConnections.BATCH, serviceId.toString()));
        Round round = new Round(tally.listed, tally.skipped, tally.compared, tally.of(Move.LOST), tally.of(Move.REJECTED),
                tally.of(Move.HEALED), toWake.size());
        if (round.lost() + round.rejected() + round.healed() > 0) {
            log.info("Reconciliation with the cloud: {}", round);
        }
        return round;
    }

    private void compare(EndpointService service, List<EndpointRegistration> registrations, Tally tally) {
        List<EndpointConnection> listed;
        try {
            listed = listings.currentConnections(service);
        } catch (CloudException e) {
            tally.skipped++;
            log.warn("Reconciliation of endpoint service {} skipped this round: {} {}", service.id(), e.code(), e.getMessage());
            return;
        }
        tally.listed++;
        for (EndpointRegistration registration : registrations) {
            if (tally.moved.contains(registration.id())) {
                continue; // healed on another service already
            }
            tally.compared++;
            Optional<EndpointConnection> connection = ServiceConnections.find(listed, registration);
            if (registration.status() == EndpointStatus.READY) {
                driftOfReady(registration, connection, tally);
            } else {
                healIfAvailable(registration, service, connection, tally);
            }
        }
    }

    private void driftOfReady(EndpointRegistration ready, Optional<EndpointConnection> connection, Tally tally) {
        ConnectionState state = connection.map(EndpointConnection::state).orElse(ConnectionState.DELETED);
        if (ServiceConnections.isAccepted(state)) {
            return; // still serving (or a change the cloud is applying, or a word it did not document)
        }
        if (state == ConnectionState.REJECTED) {
            tally.count(ready, outcomes.rejectedInCloud(ready.id(), ready.eventSequence(), connection.get()), Move.REJECTED);
        } else {
            tally.count(ready, outcomes.connectionLost(ready.id(), ready.eventSequence(), connection.orElse(null)), Move.LOST);
        }
    }

    private void healIfAvailable(EndpointRegistration unready, EndpointService service, Optional<EndpointConnection> connection,
                                 Tally tally) {
        if (connection.isEmpty() || connection.get().state() != ConnectionState.AVAILABLE
                || ServiceConnections.refusal(unready, connection.get(), service).isPresent()) {
            return;
        }
        tally.count(unready, outcomes.healed(unready.id(), unready.eventSequence(), unready.status(), connection.get(),
                service.id()), Move.HEALED);
    }

    private enum Move { LOST, REJECTED, HEALED }

    private static final class Tally {
        final Set<UUID> moved = new HashSet<>();
        final Map<Move, Integer> moves = new EnumMap<>(Move.class);
        int listed;
        int skipped;
        int compared;

        void count(EndpointRegistration registration, boolean changed, Move move) {
            if (changed) {
                moved.add(registration.id());
                moves.merge(move, 1, Integer::sum);
            }
        }

        int of(Move move) {
            return moves.getOrDefault(move, 0);
        }
    }
}
