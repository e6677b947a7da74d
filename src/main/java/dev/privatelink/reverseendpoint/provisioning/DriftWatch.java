package dev.privatelink.reverseendpoint.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No silent drift: Ready endpoints are compared with the cloud every {@code drift-check-interval}, a
 * region at a time (one describe per 200 endpoints, one MSK listing), on one replica (a db-scheduler
 * recurring task). An endpoint the cloud reports rejected, failed or gone gets a reconcile workflow,
 * which looks again through the batched describes and changes its status with the engine's commit.
 */
@Component
class DriftWatch implements WorkflowType {

    static final String TASK_NAME = "reverse-endpoint-drift-check";
    /** The recheck should no describe of the region decide the reconcile (a lost wake-up). */
    private static final Duration FIRST_LOOK = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);

    private final ReverseEndpoints endpoints;
    private final CloudBackends clouds;
    private final ReverseOutcomes outcomes;
    private final ReverseEndpointRuns runs;
    private final TransactionTemplate transactions;

    DriftWatch(ReverseEndpoints endpoints, CloudBackends clouds, ReverseOutcomes outcomes,
               ReverseEndpointRuns runs, PlatformTransactionManager transactions) {
        this.endpoints = endpoints;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.runs = runs;
        this.transactions = new TransactionTemplate(transactions);
    }

    // ---- the periodic comparison

    @Bean
    static RecurringTask<Void> reverseEndpointDriftCheck(DriftWatch watch, ReverseEndpointProperties properties) {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(properties.driftCheckInterval()))
                .execute((instance, context) -> watch.check());
    }

    /** Compares every Ready endpoint with the cloud; starts a reconcile for each that differs. @return how many */
    int check() {
        List<ReverseEndpoint> ready = endpoints.findCreatedInStatus(ReverseEndpointStatus.READY);
        Map<String, List<ReverseEndpoint>> byRegion = ready.stream().collect(Collectors.groupingBy(ReverseEndpoint::region));
        int drifted = 0;
        for (Map.Entry<String, List<ReverseEndpoint>> region : byRegion.entrySet()) {
            try {
                drifted += reconcile(driftedIn(region.getKey(), region.getValue()));
            } catch (CloudException e) {
                log.warn("Drift check of reverse endpoints in {} skipped this round: {} {}", region.getKey(), e.code(), e.getMessage());
            }
        }
        return drifted;
    }

    private List<ReverseEndpoint> driftedIn(String region, List<ReverseEndpoint> ready) {
        List<ReverseEndpoint> vpc = ready.stream().filter(e -> e.type() != ReverseEndpointType.MSK_MULTI_VPC).toList();
        List<ReverseEndpoint> msk = ready.stream().filter(e -> e.type() == ReverseEndpointType.MSK_MULTI_VPC).toList();
        Map<String, ConnectionState> seen = new java.util.HashMap<>();
        if (!vpc.isEmpty()) {
            clouds.reverseVpcEndpoints(CloudProvider.AWS).ifPresent(cloud -> cloud.describeVpcEndpoints(region,
                    vpc.stream().map(ReverseEndpoint::endpointId).toList()).forEach(e -> seen.put(e.vpcEndpointId(), e.state())));
        }
        if (!msk.isEmpty()) {
            clouds.mskVpcConnections(CloudProvider.AWS).ifPresent(cloud -> cloud.listMskVpcConnections(region)
                    .forEach(c -> seen.put(c.vpcConnectionArn(), c.state())));
        }
        return ready.stream().filter(e -> !usable(seen.get(e.endpointId()))).toList();
    }

    private int reconcile(List<ReverseEndpoint> drifted) {
        int started = 0;
        for (ReverseEndpoint endpoint : drifted) {
            Boolean began = transactions.execute(status -> endpoints.lockById(endpoint.id())
                    .filter(e -> e.status() == ReverseEndpointStatus.READY)
                    .map(runs::reconcile).orElse(false));
            started += Boolean.TRUE.equals(began) ? 1 : 0;
        }
        return started;
    }

    /** Still serving pipes: available, or briefly pending (a modification the cloud is applying). */
    private static boolean usable(ConnectionState state) {
        return state == ConnectionState.AVAILABLE || state == ConnectionState.PENDING;
    }

    // ---- the reconcile workflow

    @Override
    public String name() {
        return ReverseEndpointRuns.RECONCILE;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("observe", this::observe));
    }

    /** Looks again through the region's next batched describe (or listing): {@link #observed} decides. */
    private StepOutcome observe(StepContext context) {
        return endpoints.findById(context.subjectId()).filter(DriftWatch::watched)
                .<StepOutcome>map(e -> CloudObservations.await(e, FIRST_LOOK))
                .orElseGet(StepOutcome::done);
    }

    private static boolean watched(ReverseEndpoint endpoint) {
        return endpoint.status() == ReverseEndpointStatus.READY && endpoint.endpointId() != null;
    }

    /** What a describe of its region means for the reconcile: Ready on, or the status the cloud reports. */
    StepOutcome observed(CloudObservations.Observation observation, CloudObservations.Observed seen) {
        ReverseEndpoint endpoint = observation.endpoint();
        if (endpoint == null || !watched(endpoint)) {
            return StepOutcome.done();
        }
        Optional<String> cloudState;
        Optional<ConnectionState> state;
        if (endpoint.type() == ReverseEndpointType.MSK_MULTI_VPC) {
            Optional<MskVpcConnection> found = seen.msk(endpoint);
            cloudState = found.map(MskVpcConnection::cloudState);
            state = found.map(MskVpcConnection::state);
        } else {
            Optional<VpcEndpoint> found = seen.vpc(endpoint);
            cloudState = found.map(VpcEndpoint::cloudState);
            state = found.map(VpcEndpoint::state);
        }
        if (state.map(DriftWatch::usable).orElse(false)) {
            return StepOutcome.done();
        }
        UUID id = endpoint.id();
        String word = cloudState.orElse("gone");
        return switch (state.orElse(ConnectionState.DELETED)) {
            case REJECTED -> StepOutcome.done().then(() -> outcomes.drifted(id, word, ReverseEndpointStatus.REJECTED, CreationSteps.REJECTED,
                    "the owner of the customer's side rejected the connection after it was Ready (" + word + ")"));
            case FAILED -> StepOutcome.done().then(() -> outcomes.drifted(id, word, ReverseEndpointStatus.FAILED, "ENDPOINT_FAILED",
                    "the cloud reports the endpoint failed after it was Ready (" + word + ")"));
            default -> StepOutcome.done().then(() -> outcomes.drifted(id, word, ReverseEndpointStatus.FAILED, "ENDPOINT_DELETED",
                    "the endpoint was deleted outside the platform after it was Ready (" + word
                            + "); delete this endpoint and create it again"));
        };
    }

    /**
     * A reconcile only looks: cancelled by the operator, the endpoint keeps its status (the next periodic
     * check starts another look if the cloud still differs); retried: it looks again while the endpoint exists.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> { }, w -> outcomes.exists(w.subjectId()));
    }

    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
    }
}
