package dev.privatelink.reverseendpoint.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.workflow.BatchHandler;
import dev.privatelink.workflow.StepOutcome;
import org.springframework.stereotype.Component;

/**
 * Batched polling of reverse endpoints on persisted batches: a step that follows an endpoint in the
 * cloud (creation, deletion, a drift reconcile) parks on its region ({@link #await}) and frees its
 * thread; one run per region and kind describes every endpoint parked there in one call (EC2 takes 200
 * ids a call; MSK connections are listed a region at a time), started after they parked, and decides
 * each step from what it saw, committed together. Runs of a busy region are spaced by
 * {@code observation-window}, so a thousand endpoints waiting in one region cost a describe per window,
 * not a thousand; while some still wait on the cloud, the region's run comes back after their backoff
 * (one describe for all of them). A failed describe fails the run for every parked step alike (a
 * throttle reschedules them).
 */
@Component
class CloudObservations implements BatchHandler {

    /** The batch's name; its key is {@code vpc:<region>} or {@code msk:<region>}. */
    static final String BATCH = "reverse-endpoint.observations";
    private static final String VPC = "vpc:";
    private static final String MSK = "msk:";

    private final CloudBackends clouds;
    private final ReverseEndpoints endpoints;
    private final ReverseEndpointProperties properties;
    private final CreationSteps creation;
    private final DeletionWorkflow deletion;
    private final DriftWatch drift;
    private final Clock clock;

    CloudObservations(CloudBackends clouds, ReverseEndpoints endpoints, ReverseEndpointProperties properties,
                      CreationSteps creation, DeletionWorkflow deletion, DriftWatch drift, Clock clock) {
        this.clouds = clouds;
        this.endpoints = endpoints;
        this.properties = properties;
        this.creation = creation;
        this.deletion = deletion;
        this.drift = drift;
        this.clock = clock;
    }

    /**
     * How soon a parked step looks again itself should no run decide it (a replica lost mid-run): not so
     * soon that it supersedes a run still busy with the cloud, whose decisions would then be refused.
     */
    static final Duration UNSERVED = Duration.ofSeconds(5);

    /**
     * Parks the step on the next observation of the endpoint's region: a run decides it from a describe
     * made after it parked. While it waits on (the cloud still pending), the region's runs look again
     * every {@code backoff}; its own recheck is only the safety net.
     */
    static StepOutcome.Await await(ReverseEndpoint endpoint, Duration backoff) {
        return StepOutcome.await(BATCH, List.of(key(endpoint)), backoff.compareTo(UNSERVED) > 0 ? backoff : UNSERVED);
    }

    private static String key(ReverseEndpoint endpoint) {
        return (endpoint.type() == ReverseEndpointType.MSK_MULTI_VPC ? MSK : VPC) + endpoint.region();
    }

    @Override
    public String batch() {
        return BATCH;
    }

    @Override
    public Duration minInterval() {
        return properties.observationWindow();
    }

    @Override
    public Decisions decide(String key, List<Parked> parked) {
        Map<UUID, ReverseEndpoint> byId = endpoints.findAllByIdIn(parked.stream().map(Parked::subjectId).toList()).stream()
                .collect(Collectors.toMap(ReverseEndpoint::id, Function.identity()));
        List<String> cloudIds = byId.values().stream().map(ReverseEndpoint::endpointId).filter(Objects::nonNull).distinct().toList();
        Observed seen = key.startsWith(MSK) ? listMsk(key.substring(MSK.length()), cloudIds)
                : describeVpc(key.substring(VPC.length()), cloudIds);
        Instant now = clock.instant();
        Map<UUID, StepOutcome> outcomes = new HashMap<>();
        Duration lookAgainIn = null;
        for (Parked p : parked) {
            StepOutcome outcome = decide(p, byId.get(p.subjectId()), seen, now);
            if (outcome != null) {
                outcomes.put(p.workflowId(), outcome);
            }
            if (outcome == null || outcome instanceof StepOutcome.Await) {
                // still waiting on the cloud: the region is looked at again at the soonest of their backoffs
                Duration backoff = creation.backoff(p.stepStartedAt(), now);
                lookAgainIn = lookAgainIn == null || backoff.compareTo(lookAgainIn) < 0 ? backoff : lookAgainIn;
            }
        }
        return new Decisions(outcomes, lookAgainIn);
    }

    /** @return the step's outcome, {@code null} to leave it parked as it is */
    private StepOutcome decide(Parked p, ReverseEndpoint endpoint, Observed seen, Instant now) {
        Observation observation = new Observation(endpoint, p.stepStartedAt(), now);
        return switch (p.workflowType()) {
            case ReverseEndpointRuns.DELETE -> deletion.observed(observation, seen);
            case ReverseEndpointRuns.RECONCILE -> drift.observed(observation, seen);
            default -> endpoint != null && endpoint.type() == ReverseEndpointType.MSK_MULTI_VPC
                    ? creation.mskConnectionObserved(observation, seen.msk(endpoint))
                    : creation.vpcEndpointObserved(observation, endpoint == null ? Optional.empty() : seen.vpc(endpoint));
        };
    }

    private Observed describeVpc(String region, List<String> ids) {
        if (ids.isEmpty()) {
            return new Observed(Map.of(), Map.of());
        }
        var cloud = clouds.reverseVpcEndpoints(CloudProvider.AWS).orElseThrow(() -> unavailable("reverse VPC endpoints"));
        return new Observed(cloud.describeVpcEndpoints(region, ids).stream()
                .collect(Collectors.toMap(VpcEndpoint::vpcEndpointId, e -> e, (a, b) -> a)), Map.of());
    }

    private Observed listMsk(String region, List<String> arns) {
        if (arns.isEmpty()) {
            return new Observed(Map.of(), Map.of());
        }
        var cloud = clouds.mskVpcConnections(CloudProvider.AWS).orElseThrow(() -> unavailable("MSK VPC connections"));
        return new Observed(Map.of(), cloud.listMskVpcConnections(region).stream()
                .collect(Collectors.toMap(MskVpcConnection::vpcConnectionArn, c -> c, (a, b) -> a)));
    }

    private static CloudException unavailable(String what) {
        return new CloudException(CloudProvider.AWS, "observe", "NotOffered", CloudErrorKind.TERMINAL,
                "the AWS backend offers no " + what);
    }

    /**
     * What one run saw of a parked step's endpoint.
     *
     * @param endpoint      the endpoint as it is now; {@code null} when it no longer exists
     * @param stepStartedAt when the step first ran (its backoff grows from there)
     * @param now           when the run decides
     */
    record Observation(ReverseEndpoint endpoint, Instant stepStartedAt, Instant now) {
    }

    /** A region's describe (VPC endpoints by id) or listing (MSK connections by ARN). */
    record Observed(Map<String, VpcEndpoint> vpcEndpoints, Map<String, MskVpcConnection> mskConnections) {

        Optional<VpcEndpoint> vpc(ReverseEndpoint endpoint) {
            return Optional.ofNullable(endpoint.endpointId()).map(vpcEndpoints::get);
        }

        Optional<MskVpcConnection> msk(ReverseEndpoint endpoint) {
            return endpoint == null ? Optional.empty() : Optional.ofNullable(endpoint.endpointId()).map(mskConnections::get);
        }
    }
}
