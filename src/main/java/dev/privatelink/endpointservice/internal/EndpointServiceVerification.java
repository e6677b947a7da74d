package dev.privatelink.endpointservice.internal;

import java.time.Clock;
import java.util.List;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceState;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.Workflows;
import org.springframework.stereotype.Component;

/**
 * Confirms an operator-registered endpoint service through the cloud: one step that describes it,
 * then AVAILABLE (customers may use it) or FAILED with the cloud's reason. An available service is then
 * offered to the cross-region source regions ({@link ConsumerRegionOffers}).
 */
@Component
class EndpointServiceVerification implements WorkflowType {

    static final String NAME = "endpoint-service.verify";

    private final EndpointServices endpointServices;
    private final CloudBackends clouds;
    private final Workflows workflows;
    private final Clock clock;
    private final ConsumerRegionOffers consumerRegionOffers;

    EndpointServiceVerification(EndpointServices endpointServices, CloudBackends clouds, Workflows workflows,
                                Clock clock, ConsumerRegionOffers consumerRegionOffers) {
        this.endpointServices = endpointServices;
        this.consumerRegionOffers = consumerRegionOffers;
        this.clouds = clouds;
        this.workflows = workflows;
        this.clock = clock;
    }

    /** Starts the verification inside the caller's transaction. */
    void start(EndpointService service) {
        workflows.start(NAME, service.id());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("describe-endpoint-service", this::describe));
    }

    private StepOutcome describe(StepContext context) {
        EndpointService service = endpointServices.findById(context.subjectId()).orElse(null);
        if (service == null) {
            return StepOutcome.done();
        }
        try {
            EndpointServiceDescription description = clouds.endpointServices(service.provider()).describeEndpointService(service.ref());
            return StepOutcome.done().then(() -> endpointServices.lockById(service.id()).ifPresent(s -> {
                s.verified(description, clock.instant());
                consumerRegionOffers.startIfMissing(s);
            }));
        } catch (CloudException e) {
            if (e.kind() == CloudErrorKind.NOT_FOUND) {
                return StepOutcome.fail(e.code(), "the cloud does not know endpoint service " + service.cloudResourceId());
            }
            throw e;
        }
    }

    /** Cancelled by the operator: the service is FAILED, saying so; retried: VERIFYING again. */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(
                w -> endpointServices.lockById(w.subjectId()).filter(s -> s.state() == EndpointServiceState.VERIFYING)
                        .ifPresent(s -> s.failed(OperatorOutcomes.CANCELLED + ": " + OperatorOutcomes.CANCELLED_MESSAGE, clock.instant())),
                w -> endpointServices.lockById(w.subjectId()).map(s -> {
                    s.verifyAgain(OperatorOutcomes.RETRIED_MESSAGE, clock.instant());
                    return true;
                }).orElse(false));
    }

    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        endpointServices.lockById(workflow.subjectId()).ifPresent(s -> s.failed(reasonCode + ": " + message, clock.instant()));
    }
}
