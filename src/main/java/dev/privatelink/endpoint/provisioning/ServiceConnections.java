package dev.privatelink.endpoint.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.CrossRegionConsumers;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.Eligibility;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.BatchHandler;
import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.StepOutcome;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One endpoint service's connections, observed for every registration (and removal) parked on it:
 * one listing, started after they parked (never older than what it serves), the consumer regions
 * cross-region endpoints need, every due accept in one batched call (AWS takes up to 50 ids a call),
 * one listing more to see them accepted, and the outcomes decided for all of them, committed together
 * through the registrations' transition table. Removals parked on the service have their connections
 * rejected by the same run. Runs of one service are spaced by {@code connection-list-window} while it
 * is busy, so a burst of registrations shares the listings.
 *
 * <p>"Observe every registration of this endpoint service now" is a run of this batch for the service's
 * id ({@code Workflows.runBatch(BATCH, id)}).
 */
@Component
public class ServiceConnections implements BatchHandler {

    /** The batch's name; its key is the endpoint service's id. */
    public static final String BATCH = "inbound-endpoint.connections";
    /** How soon an accepted connection that is not available yet is looked at again. */
    static final Duration SETTLING = Duration.ofMillis(200);
    /**
     * How long after a removal parked its first service waits for the others' runs before it concludes that
     * none holds the connection of a registration that never recorded one (runs start at once when it parks).
     */
    static final Duration OTHERS_RUN = Duration.ofSeconds(1);

    private final EndpointRegistrations endpoints;
    private final EndpointServiceDirectory directory;
    private final CloudBackends clouds;
    private final RegistrationOutcomes outcomes;
    private final PrivateEndpointProperties properties;
    private final ObjectProvider<FailureOutcomes> failureOutcomes;
    private final Clock clock;

    ServiceConnections(EndpointRegistrations endpoints, EndpointServiceDirectory directory, CloudBackends clouds,
                       RegistrationOutcomes outcomes, PrivateEndpointProperties properties,
                       ObjectProvider<FailureOutcomes> failureOutcomes, Clock clock) {
        this.clock = clock;
        this.endpoints = endpoints;
        this.directory = directory;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.properties = properties;
        this.failureOutcomes = failureOutcomes;
    }

    @Override
    public String batch() {
        return BATCH;
    }

    @Override
    public Duration minInterval() {
        return properties.connectionListWindow();
    }

    @Override
    public Decisions decide(String key, List<Parked> parked) {
        Optional<EndpointService> found = directory.find(UUID.fromString(key)).filter(EndpointService::isAvailable);
        if (found.isEmpty()) {
            // the service went away: each step runs again and parks on the services there are now
            StepOutcome again = StepOutcome.waitFor(properties.firstCheckDelay());
            return new Decisions(parked.stream().collect(Collectors.toMap(Parked::workflowId, p -> again)), null);
        }
        return new Run(found.get(), parked).decide();
    }

    /** One run over one service: what it listed, and what it decided. */
    private final class Run {

        final EndpointService service;
        final CloudEndpointConnections cloud;
        final List<Parked> parked;
        final Map<UUID, EndpointRegistration> registrations;
        final Map<UUID, StepOutcome> decided = new HashMap<>();
        final Map<Parked, EndpointConnection> toAccept = new LinkedHashMap<>();
        final Map<Parked, EndpointConnection> toReject = new LinkedHashMap<>();
        Duration runAgainIn;

        Run(EndpointService service, List<Parked> parked) {
            this.service = service;
            this.cloud = clouds.connections(service.provider());
            this.parked = parked;
            this.registrations = endpoints.findAllByIdIn(parked.stream().map(Parked::subjectId).toList()).stream()
                    .collect(Collectors.toMap(EndpointRegistration::id, Function.identity()));
        }

        Decisions decide() {
            List<EndpointConnection> listed;
            try {
                listed = cloud.listConnections(service.ref());
            } catch (CloudException e) {
                return unlisted(e);
            }
            Instant now = clock.instant();
            for (Parked p : parked) {
                EndpointRegistration endpoint = registrations.get(p.subjectId());
                Optional<EndpointConnection> connection = endpoint == null ? Optional.empty() : find(listed, endpoint);
                if (RegistrationRuns.REMOVE.equals(p.workflowType())) {
                    removing(p, endpoint, connection, now);
                } else if (endpoint == null || !endpoint.status().isInProgress()) {
                    decided.put(p.workflowId(), StepOutcome.fail("GONE", "the registration no longer exists"));
                } else {
                    connection.ifPresentOrElse(c -> observed(p, endpoint, c, now), () -> notConnected(p, endpoint, now));
                }
            }
            allowConsumerRegions();
            acceptAndLookAgain(now);
            reject();
            return new Decisions(decided, runAgainIn);
        }

        /**
         * The listing failed: each parked workflow meets the failure as its step would, except a registration
         * whose connection we accepted already. The cloud has it connected; a transient failure to look must
         * not count towards failing it (it would end Failed with its connection accepted): it waits and looks
         * again, until its deadline.
         */
        private Decisions unlisted(CloudException failure) {
            StepOutcome outcome = outcomeOf(failure);
            Instant now = clock.instant();
            Map<UUID, StepOutcome> outcomes = new HashMap<>();
            for (Parked p : parked) {
                EndpointRegistration endpoint = registrations.get(p.subjectId());
                boolean accepted = endpoint != null && endpoint.status() == EndpointStatus.PROVISIONING
                        && service.id().equals(endpoint.endpointServiceId()) && endpoint.connectionState() != null
                        && !RegistrationRuns.REMOVE.equals(p.workflowType());
                outcomes.put(p.workflowId(), accepted && outcome instanceof StepOutcome.Retry ? stillParked(p, now) : outcome);
            }
            return new Decisions(outcomes, null);
        }

        /**
         * A removal. Recorded as connected to this service (its only key): its live connection is rejected.
         * Never recorded (a run may have been accepting its connection when it was removed, and that run's
         * outcome was refused): where the connection is, it is rejected if accepted, and left alone if still
         * pending acceptance, for the endpoint to be registered again (e.g. with the right region); found on
         * none of its services, the first of them ends the step once the others have had time for a run.
         */
        private void removing(Parked p, EndpointRegistration endpoint, Optional<EndpointConnection> connection, Instant now) {
            if (endpoint == null || endpoint.endpointServiceId() != null) {
                connection.filter(c -> isLive(c.state())).ifPresentOrElse(c -> toReject.put(p, c),
                        () -> decided.put(p.workflowId(), StepOutcome.done()));
            } else if (connection.isPresent()) {
                if (isAccepted(connection.get().state())) {
                    toReject.put(p, connection.get());
                } else {
                    decided.put(p.workflowId(), StepOutcome.done());
                }
            } else if (p.primary()) {
                Instant othersHadTheirRun = p.parkedAt().plus(OTHERS_RUN);
                if (now.isBefore(othersHadTheirRun)) {
                    runAgainWithin(Duration.between(now, othersHadTheirRun));
                } else {
                    decided.put(p.workflowId(), StepOutcome.done());
                }
            }
        }

        private void runAgainWithin(Duration delay) {
            runAgainIn = runAgainIn == null || delay.compareTo(runAgainIn) < 0 ? delay : runAgainIn;
        }

        /** Not (yet) connected here: the organization's own service speaks for it, and sets when it looks again. */
        private void notConnected(Parked p, EndpointRegistration endpoint, Instant now) {
            if (!p.primary()) {
                return; // another service may still find it
            }
            if (endpoint.status() == EndpointStatus.WAITING_FOR_CONNECTION) {
                decided.put(p.workflowId(), stillParked(p, now));
                return;
            }
            String message = "no connection from " + endpoint.endpointId() + " has reached our " + endpoint.provider()
                    + " endpoint services yet; create the endpoint against the endpointServiceId of privateEndpointConfig";
            decided.put(p.workflowId(), stillParked(p, now).then(() -> outcomes.waiting(endpoint.id(), message)));
        }

        private void observed(Parked p, EndpointRegistration endpoint, EndpointConnection connection, Instant now) {
            Optional<Refusal> refusal = refusal(endpoint, connection, service);
            if (refusal.isPresent()) {
                decided.put(p.workflowId(), StepOutcome.fail(refusal.get().code(), refusal.get().message()));
                return;
            }
            switch (connection.state()) {
                case AVAILABLE -> decided.put(p.workflowId(), ready(endpoint, connection));
                case PENDING -> {
                    accepting(p, endpoint, connection, now);
                    // accepted earlier and still settling: looked at again sooner at first, further apart the longer it takes
                    runAgainWithin(RegistrationWorkflow.backoff(properties, endpoint.updatedAt(), now, SETTLING));
                }
                case PENDING_ACCEPTANCE -> {
                    if (Eligibility.approvalNeedsAllowList(endpoint.provider()) && !outcomes.onEligibleAllowList(endpoint.id())) {
                        if (endpoint.status() != EndpointStatus.PENDING_ACCEPTANCE || endpoint.endpointServiceId() == null) {
                            String message = "connected and waiting: add " + endpoint.endpointId()
                                    + " to the allow list (privateEndpointIds) of a PRODUCTION service to have it approved";
                            decided.put(p.workflowId(), stillParked(p, now).then(() -> {
                                outcomes.connected(endpoint.id(), connection, service.id());
                                outcomes.pendingAcceptance(endpoint.id(), message);
                            }));
                        }
                    } else {
                        toAccept.put(p, connection);
                    }
                }
                case REJECTED -> decided.put(p.workflowId(), StepOutcome.fail("REJECTED", "the connection from "
                        + endpoint.endpointId() + " was rejected on the endpoint service; create a new endpoint and register it"));
                default -> decided.put(p.workflowId(), StepOutcome.fail("CONNECTION_" + connection.state().name(),
                        "the connection from " + endpoint.endpointId() + " is '" + connection.cloudState()
                                + "'; create a new endpoint and register it"));
            }
        }

        /**
         * AWS: the regions of cross-region endpoints about to be accepted that the service does not offer
         * yet (offered when the service was enrolled, unless the cloud refused then), allowed in one request.
         */
        private void allowConsumerRegions() {
            Optional<CrossRegionConsumers> crossRegion = clouds.crossRegionConsumers(service.provider());
            if (crossRegion.isEmpty()) {
                return;
            }
            Map<String, List<Parked>> byRegion = new LinkedHashMap<>();
            toAccept.keySet().forEach(p -> {
                String region = registrations.get(p.subjectId()).region();
                if (!region.equals(service.region()) && !service.supportedRegions().contains(region)) {
                    byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(p);
                }
            });
            if (byRegion.isEmpty()) {
                return;
            }
            Map<String, CloudException> refused;
            try {
                refused = crossRegion.get().allowConsumerRegions(service.ref(), byRegion.keySet());
            } catch (CloudException e) {
                refused = new LinkedHashMap<>();
                for (String region : byRegion.keySet()) {
                    refused.put(region, e);
                }
            }
            Map<String, CloudException> failed = refused;
            byRegion.forEach((region, waiting) -> {
                if (failed.containsKey(region)) {
                    StepOutcome outcome = outcomeOf(failed.get(region));
                    waiting.forEach(p -> {
                        toAccept.remove(p);
                        decided.put(p.workflowId(), outcome);
                    });
                } else {
                    directory.recordConsumerRegion(service.id(), region);
                }
            });
        }

        private void acceptAndLookAgain(Instant now) {
            if (toAccept.isEmpty()) {
                return;
            }
            Map<EndpointConnection, CloudException> failures = cloud.acceptConnections(service.ref(),
                    List.copyOf(toAccept.values()));
            List<Parked> accepted = new ArrayList<>();
            toAccept.forEach((p, connection) -> {
                CloudException failure = failures.get(connection);
                if (failure != null) {
                    decided.put(p.workflowId(), outcomeOf(failure));
                } else {
                    accepted.add(p);
                }
            });
            if (accepted.isEmpty()) {
                return;
            }
            // most connections are available at once: one listing more spares every accepted one a re-check
            List<EndpointConnection> again;
            try {
                again = cloud.listConnections(service.ref());
            } catch (CloudException e) {
                again = List.of(); // accepted all the same: the next run sees them
            }
            for (Parked p : accepted) {
                EndpointRegistration endpoint = registrations.get(p.subjectId());
                Optional<EndpointConnection> seen = find(again, endpoint);
                if (seen.isPresent() && seen.get().state() == ConnectionState.AVAILABLE) {
                    decided.put(p.workflowId(), ready(endpoint, seen.get()));
                } else {
                    accepting(p, endpoint, seen.orElse(toAccept.get(p)), now);
                    runAgainWithin(SETTLING); // just accepted: most are available within moments
                }
            }
        }

        private void reject() {
            toReject.forEach((p, connection) -> {
                try {
                    cloud.rejectConnection(service.ref(), connection, "removed from the organization");
                    decided.put(p.workflowId(), StepOutcome.done());
                } catch (CloudException e) {
                    decided.put(p.workflowId(), outcomeOf(e));
                }
            });
        }

        private StepOutcome ready(EndpointRegistration endpoint, EndpointConnection connection) {
            return StepOutcome.done().then(() -> {
                outcomes.connected(endpoint.id(), connection, service.id());
                outcomes.ready(endpoint.id(), connection.cloudState());
            });
        }

        /** Accepted (or being accepted by the cloud), not available yet: says so once, stays parked. */
        private void accepting(Parked p, EndpointRegistration endpoint, EndpointConnection connection, Instant now) {
            if (endpoint.endpointServiceId() != null && endpoint.status() == EndpointStatus.PROVISIONING
                    && connection.cloudState().equals(endpoint.connectionState())) {
                return;
            }
            decided.put(p.workflowId(), stillParked(p, now).then(() -> {
                outcomes.connected(endpoint.id(), connection, service.id());
                outcomes.accepting(endpoint.id(), connection.cloudState());
            }));
        }

        /** Parked on, with a change to commit: the recheck keeps its backoff. */
        private StepOutcome stillParked(Parked p, Instant now) {
            return StepOutcome.await(BATCH, List.of(service.id().toString()), RegistrationWorkflow.backoff(properties,
                    p.stepStartedAt(), now));
        }
    }

    /** Why a registration cannot have this connection on this service. */
    record Refusal(String code, String message) {
    }

    /**
     * Whether the connection can serve the registration: the endpoint is in the region it was registered
     * for, and may reach the service from there.
     */
    static Optional<Refusal> refusal(EndpointRegistration endpoint, EndpointConnection connection, EndpointService service) {
        String actualRegion = connection.endpointRegion() != null ? connection.endpointRegion() : service.region();
        if (!actualRegion.equals(endpoint.region())) {
            return Optional.of(new Refusal("REGION_MISMATCH", "endpoint " + endpoint.endpointId()
                    + " was registered for region " + endpoint.region() + " but it is in " + actualRegion
                    + " and connects to the endpoint service in " + service.region() + "; register it with region "
                    + actualRegion));
        }
        if (!CloudRegions.crossRegionAllowed(endpoint.provider(), actualRegion, service.region())) {
            return Optional.of(new Refusal("CROSS_REGION_NOT_ALLOWED", "endpoint " + endpoint.endpointId()
                    + " in " + actualRegion + " connects to the endpoint service in " + service.region()
                    + ", but cross-region PrivateLink is not offered from " + actualRegion));
        }
        return Optional.empty();
    }

    private StepOutcome outcomeOf(CloudException failure) {
        return failureOutcomes.orderedStream().map(f -> f.outcomeOf(failure)).flatMap(Optional::stream).findFirst()
                .orElseGet(() -> StepOutcome.retry(failure.code(), failure.getMessage()));
    }

    static Optional<EndpointConnection> find(Collection<EndpointConnection> listed, EndpointRegistration endpoint) {
        return listed.stream().filter(c -> c.matches(endpoint.endpointId())).findFirst();
    }

    /** Accepted: being wired, or available (what a Ready registration's connection may be while it serves). */
    static boolean isAccepted(ConnectionState state) {
        return state == ConnectionState.PENDING || state == ConnectionState.AVAILABLE;
    }

    static boolean isLive(ConnectionState state) {
        return state == ConnectionState.PENDING_ACCEPTANCE || state == ConnectionState.PENDING
                || state == ConnectionState.AVAILABLE;
    }
}
