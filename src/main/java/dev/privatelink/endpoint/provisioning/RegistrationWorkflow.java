package dev.privatelink.endpoint.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.stereotype.Component;

/**
 * Makes a registered endpoint usable. Its one step, {@code connect}, refuses an endpoint another
 * organization holds, then parks the registration on the endpoint services its connection may reach
 * (the organization's own first) and frees its thread: the services' batch ({@link ServiceConnections})
 * finds the connection in a listing started after the registration parked, checks its region, lets
 * its region connect (AWS cross-region), accepts it together with the others due on the service, and
 * commits {@code Ready} (or why not) with the engine. Azure connections are approved only once the
 * endpoint is on a PRODUCTION service's allow list. Until its deadline the step rechecks with a
 * growing pause, in case a batch run never came.
 */
@Component
class RegistrationWorkflow implements WorkflowType {

    /** Reason code when another organization's registration already holds the endpoint's connection. */
    static final String ENDPOINT_IN_USE = "ENDPOINT_IN_USE";
    /**
     * How long a registration parked by its step waits for a run of its batch before the step looks
     * again. Runs decide when it is looked at next (the backoff); this only covers a run that never came.
     */
    static final Duration UNSERVED = Duration.ofSeconds(5);

    private final EndpointRegistrations endpoints;
    private final EndpointServiceDirectory directory;
    private final RegistrationOutcomes outcomes;
    private final PrivateEndpointProperties properties;

    RegistrationWorkflow(EndpointRegistrations endpoints, EndpointServiceDirectory directory, RegistrationOutcomes outcomes,
                         PrivateEndpointProperties properties) {
        this.endpoints = endpoints;
        this.directory = directory;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    @Override
    public String name() {
        return RegistrationRuns.REGISTER;
    }

    @Override
    public List<Step> steps() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), 2.0, Duration.ofMinutes(1), 8);
        return List.of(Step.of("connect", this::connect).retrying(policy).within(properties.connectionDeadline()));
    }

    private StepOutcome connect(StepContext context) {
        Optional<EndpointRegistration> found = endpoints.findById(context.subjectId());
        if (found.isEmpty()) {
            return StepOutcome.fail("GONE", "the registration no longer exists");
        }
        EndpointRegistration endpoint = found.get();
        if (endpoints.findOtherRegistrations(endpoint.provider(), endpoint.endpointId(), endpoint.id()).stream()
                .anyMatch(other -> !other.organizationId().equals(endpoint.organizationId()) && other.holdsConnection())) {
            // which organization is not said: the endpoint id alone must not reveal another customer
            return StepOutcome.fail(ENDPOINT_IN_USE, "endpoint " + endpoint.endpointId() + " is already registered by another "
                    + "organization; an endpoint can serve one organization. Create a new endpoint and register that one");
        }
        List<String> services = directory.candidates(endpoint.organizationId(), endpoint.provider(), endpoint.region()).stream()
                .map(EndpointService::id).map(UUID::toString).toList();
        Duration recheck = backoff(properties, context.stepStartedAt(), context.now());
        if (services.isEmpty()) {
            String message = "no " + endpoint.provider() + " endpoint service is available yet; the endpoint is looked for again";
            return StepOutcome.waitFor(recheck).then(() -> outcomes.waiting(endpoint.id(), message));
        }
        // a run of the batch comes at once; the step looks again only if none did (a lost wake-up), not so
        // soon that it supersedes a run still busy with the cloud (its decisions would be refused)
        return StepOutcome.await(ServiceConnections.BATCH, services, max(recheck, UNSERVED));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Rechecks start at the first delay and slow down as the wait grows, up to the maximum. */
    static Duration backoff(PrivateEndpointProperties properties, Instant waitingSince, Instant now) {
        return backoff(properties, waitingSince, now, properties.firstCheckDelay());
    }

    /** Half the time waited, at least {@code first}, at most the maximum. */
    static Duration backoff(PrivateEndpointProperties properties, Instant waitingSince, Instant now, Duration first) {
        Duration waited = Duration.between(waitingSince, now);
        Duration delay = waited.dividedBy(2);
        if (delay.compareTo(first) < 0) {
            return first;
        }
        return delay.compareTo(properties.maxCheckDelay()) > 0 ? properties.maxCheckDelay() : delay;
    }

    /** Outcomes change the registration row, which API changes lock before they cancel this workflow. */
    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
    }

    /**
     * Cancelled by the operator: the registration is {@code Failed} with {@code CANCELLED}, from which its
     * organization can remove it (or register it again) and the operator retry it; retried: it is
     * {@code Provisioning} again at once, and its connection is looked for afresh.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> outcomes.cancelledByOperator(w.subjectId()), w -> outcomes.retriedByOperator(w.subjectId()));
    }

    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        if ("REJECTED".equals(reasonCode)) {
            outcomes.rejected(workflow.subjectId(), reasonCode, message);
        } else if (!"GONE".equals(reasonCode)) {
            outcomes.failed(workflow.subjectId(), reasonCode, message);
        }
    }

    @Override
    public void onExpired(WorkflowRef workflow, String step) {
        boolean connected = endpoints.findById(workflow.subjectId()).map(e -> e.endpointServiceId() != null).orElse(false);
        outcomes.expired(workflow.subjectId(), connected
                ? "the connection was not accepted before the deadline of " + properties.connectionDeadline()
                : "the endpoint never connected to our endpoint service before the deadline of "
                + properties.connectionDeadline() + "; create it and register it again");
    }
}
