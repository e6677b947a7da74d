package dev.privatelink.endpoint.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.AllowListChanges;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.stereotype.Component;

/**
 * Removes a registration from its organization: rejects its connection on our endpoint service (so the
 * endpoint cannot reach anything any more; done by the service's batch, {@link ServiceConnections}),
 * takes it off every allow list and forgets it.
 */
@Component
class RemovalWorkflow implements WorkflowType {

    private final EndpointRegistrations endpoints;
    private final AllowListChanges allowLists;
    private final EndpointServiceDirectory directory;
    private final RegistrationOutcomes outcomes;
    private final Clock clock;

    RemovalWorkflow(EndpointRegistrations endpoints, AllowListChanges allowLists, EndpointServiceDirectory directory,
                    RegistrationOutcomes outcomes, Clock clock) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
        this.directory = directory;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return RegistrationRuns.REMOVE;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("disconnect", this::disconnect), Step.of("forget", this::forget));
    }

    private StepOutcome disconnect(StepContext context) {
        EndpointRegistration endpoint = endpoints.findById(context.subjectId()).orElse(null);
        if (endpoint == null) {
            return StepOutcome.done();
        }
        if (endpoints.findOtherRegistrations(endpoint.provider(), endpoint.endpointId(), endpoint.id()).stream()
                .anyMatch(EndpointRegistration::isLive)) {
            // the connection is the endpoint's, not the registration's: rejecting it would cut off whoever else
            // registered the same endpoint (another organization's Ready registration, or one about to take it over)
            return StepOutcome.done();
        }
        List<String> services = whereItMayBeConnected(endpoint);
        if (services.isEmpty()) {
            return StepOutcome.done();
        }
        // the service's batch lists its connections once for every removal and registration parked on it
        return StepOutcome.await(ServiceConnections.BATCH, services, Duration.ofSeconds(5));
    }

    /**
     * The service it connected to; or, never recorded as connected, every service its registration looked
     * on (its own first): a run of that batch may have been accepting its connection when it was removed
     * (runs of one service never overlap, so the removal's run sees what the accepting run did).
     */
    private List<String> whereItMayBeConnected(EndpointRegistration endpoint) {
        if (endpoint.endpointServiceId() != null) {
            return directory.find(endpoint.endpointServiceId()).map(s -> List.of(s.id().toString())).orElse(List.of());
        }
        return directory.candidates(endpoint.organizationId(), endpoint.provider(), endpoint.region()).stream()
                .map(EndpointService::id).map(UUID::toString).toList();
    }

    private StepOutcome forget(StepContext context) {
        return StepOutcome.done().then(() -> forget(context.subjectId()));
    }

    private void forget(UUID id) {
        endpoints.lockById(id).filter(e -> e.status() == EndpointStatus.DELETING).ifPresent(endpoint -> {
            allowLists.removeEverywhere(endpoint);
            endpoint.removed(clock.instant());
            endpoints.delete(endpoint);
        });
    }

    /** Outcomes change the registration row, which API changes lock before they cancel this workflow. */
    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
    }

    /**
     * Cancelled by the operator: the registration stays {@code Deleting} with {@code REMOVAL_CANCELLED}
     * (not live: the data plane no longer lets it through); removing it again, or the operator's retry,
     * resumes the removal, whose steps start over idempotently.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> outcomes.removalCancelled(w.subjectId()), w -> outcomes.removalRetried(w.subjectId()));
    }

    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        // stays Deleting with the reason, for an operator to retry (Workflows.retry)
        endpoints.findById(workflow.subjectId()).ifPresent(e -> e.deletionStuck(reasonCode, message, clock.instant()));
    }
}
