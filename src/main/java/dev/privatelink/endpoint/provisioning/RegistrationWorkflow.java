package dev.privatelink.endpoint.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.CrossRegionConsumers;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.registration.Eligibility;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.workflow.RetryPolicy;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.stereotype.Component;

/**
 * Makes a registered endpoint usable: find its connection on one of our endpoint services (waiting
 * for the customer to create it, until the deadline), check its region, let its region connect
 * (AWS cross-region), and accept it; Azure connections are approved only once the endpoint is on a
 * PRODUCTION service's allow list. Every status change commits with the engine's own state.
 */
@Component
class RegistrationWorkflow implements WorkflowType {

    /** Reason code when another organization's registration already holds the endpoint's connection. */
    static final String ENDPOINT_IN_USE = "ENDPOINT_IN_USE";
    private static final Duration SETTLING = Duration.ofMillis(200);

    private final EndpointRegistrations endpoints;
    private final EndpointServiceDirectory directory;
    private final ConnectionListings listings;
    private final CloudBackends clouds;
    private final RegistrationOutcomes outcomes;
    private final PrivateEndpointProperties properties;
    private final ConnectionAcceptances acceptances;

    RegistrationWorkflow(EndpointRegistrations endpoints, EndpointServiceDirectory directory, ConnectionListings listings,
                         CloudBackends clouds, RegistrationOutcomes outcomes, PrivateEndpointProperties properties,
                         ConnectionAcceptances acceptances) {
        this.endpoints = endpoints;
        this.directory = directory;
        this.listings = listings;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.properties = properties;
        this.acceptances = acceptances;
    }

    @Override
    public String name() {
        return RegistrationRuns.REGISTER;
    }

    @Override
    public List<Step> steps() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), 2.0, Duration.ofMinutes(1), 8);
        return List.of(
                Step.of("locate-connection", this::locate).retrying(policy).within(properties.connectionDeadline()),
                Step.of("allow-consumer-region", this::allowConsumerRegion).retrying(policy),
                Step.of("accept-connection", this::accept).retrying(policy).within(properties.connectionDeadline()));
    }

    private StepOutcome locate(StepContext context) {
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
        for (EndpointService service : directory.candidates(endpoint.organizationId(), endpoint.provider(), endpoint.region())) {
            Optional<EndpointConnection> connection = find(service, endpoint);
            if (connection.isPresent()) {
                return located(endpoint, service, connection.get());
            }
        }
        String message = "no connection from " + endpoint.endpointId() + " has reached our " + endpoint.provider()
                + " endpoint services yet; create the endpoint against the endpointServiceId of privateEndpointConfig";
        return StepOutcome.waitFor(backoff(context)).then(() -> outcomes.waiting(endpoint.id(), message));
    }

    private StepOutcome located(EndpointRegistration endpoint, EndpointService service, EndpointConnection connection) {
        String actualRegion = connection.endpointRegion() != null ? connection.endpointRegion() : service.region();
        if (!actualRegion.equals(endpoint.region())) {
            return StepOutcome.fail("REGION_MISMATCH", "endpoint " + endpoint.endpointId() + " was registered for region "
                    + endpoint.region() + " but it is in " + actualRegion + " and connects to the endpoint service in "
                    + service.region() + "; register it with region " + actualRegion);
        }
        if (!CloudRegions.crossRegionAllowed(endpoint.provider(), actualRegion, service.region())) {
            return StepOutcome.fail("CROSS_REGION_NOT_ALLOWED", "endpoint " + endpoint.endpointId() + " in "
                    + actualRegion + " connects to the endpoint service in " + service.region()
                    + ", but cross-region PrivateLink is not offered from " + actualRegion);
        }
        return StepOutcome.done().then(() -> outcomes.connected(endpoint.id(), connection, service.id()));
    }

    private StepOutcome allowConsumerRegion(StepContext context) {
        EndpointRegistration endpoint = endpoints.findById(context.subjectId()).orElse(null);
        EndpointService service = endpoint == null ? null : target(endpoint);
        Optional<CrossRegionConsumers> crossRegion = service == null ? Optional.empty()
                : clouds.crossRegionConsumers(service.provider());
        if (crossRegion.isEmpty() || endpoint.region().equals(service.region())
                || service.supportedRegions().contains(endpoint.region())) {
            return StepOutcome.done(); // the same region, or a cloud where any region may connect (Azure)
        }
        crossRegion.get().allowConsumerRegion(service.ref(), endpoint.region());
        return StepOutcome.done().then(() -> directory.recordConsumerRegion(service.id(), endpoint.region()));
    }

    private StepOutcome accept(StepContext context) {
        EndpointRegistration endpoint = endpoints.findById(context.subjectId()).orElse(null);
        EndpointService service = endpoint == null ? null : target(endpoint);
        if (service == null) {
            return StepOutcome.fail("GONE", "the registration or its endpoint service no longer exists");
        }
        Optional<EndpointConnection> found = find(service, endpoint);
        if (found.isEmpty()) {
            return StepOutcome.retry("CONNECTION_NOT_FOUND", "the connection of " + endpoint.endpointId()
                    + " is no longer listed on endpoint service " + service.cloudResourceId());
        }
        EndpointConnection connection = found.get();
        return switch (connection.state()) {
            case AVAILABLE -> StepOutcome.done().then(() -> outcomes.ready(endpoint.id(), connection.cloudState()));
            case PENDING -> StepOutcome.waitFor(SETTLING)
                    .then(() -> outcomes.accepting(endpoint.id(), connection.cloudState()));
            case PENDING_ACCEPTANCE -> pendingAcceptance(context, endpoint, service, connection);
            case REJECTED -> StepOutcome.fail("REJECTED", "the connection from " + endpoint.endpointId()
                    + " was rejected on the endpoint service; create a new endpoint and register it");
            default -> StepOutcome.fail("CONNECTION_" + connection.state().name(), "the connection from "
                    + endpoint.endpointId() + " is '" + connection.cloudState() + "'; create a new endpoint and register it");
        };
    }

    private StepOutcome pendingAcceptance(StepContext context, EndpointRegistration endpoint, EndpointService service,
                                          EndpointConnection connection) {
        if (Eligibility.approvalNeedsAllowList(endpoint.provider()) && !outcomes.onEligibleAllowList(endpoint.id())) {
            String message = "connected and waiting: add " + endpoint.endpointId()
                    + " to the allow list (privateEndpointIds) of a PRODUCTION service to have it approved";
            return StepOutcome.waitFor(backoff(context))
                    .then(() -> outcomes.pendingAcceptance(endpoint.id(), message));
        }
        acceptances.accept(service, connection);
        // one fresh listing right away (shared by the accepts of the same moment, and rate-limited per
        // endpoint service): most connections are available at once, and waiting for a delayed re-check
        // would add the scheduler's polling interval
        Optional<EndpointConnection> accepted;
        try {
            accepted = listings.connectionsFromNow(service)
                    .flatMap(list -> list.stream().filter(c -> c.matches(endpoint.endpointId())).findFirst());
        } catch (CloudException e) {
            accepted = Optional.empty(); // accepted all the same: the delayed re-check will see it
        }
        if (accepted.isPresent() && accepted.get().state() == ConnectionState.AVAILABLE) {
            String cloudState = accepted.get().cloudState();
            return StepOutcome.done().then(() -> outcomes.ready(endpoint.id(), cloudState));
        }
        String cloudState = accepted.map(EndpointConnection::cloudState).orElse(connection.cloudState());
        return StepOutcome.waitFor(SETTLING.plus(properties.connectionListWindow()))
                .then(() -> outcomes.accepting(endpoint.id(), cloudState));
    }

    private Optional<EndpointConnection> find(EndpointService service, EndpointRegistration endpoint) {
        return listings.connections(service).stream().filter(c -> c.matches(endpoint.endpointId())).findFirst();
    }

    private EndpointService target(EndpointRegistration endpoint) {
        UUID id = endpoint.endpointServiceId();
        return id == null ? null : directory.find(id).orElse(null);
    }

    /** Re-checks start at the first delay and slow down as the wait grows, up to the maximum. */
    private Duration backoff(StepContext context) {
        Duration waited = Duration.between(context.stepStartedAt(), context.now());
        Duration delay = waited.dividedBy(2);
        if (delay.compareTo(properties.firstCheckDelay()) < 0) {
            return properties.firstCheckDelay();
        }
        return delay.compareTo(properties.maxCheckDelay()) > 0 ? properties.maxCheckDelay() : delay;
    }

    /** Outcomes change the registration row, which API changes lock before they cancel this workflow. */
    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
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
        outcomes.expired(workflow.subjectId(), "locate-connection".equals(step)
                ? "the endpoint never connected to our endpoint service before the deadline of "
                + properties.connectionDeadline() + "; create it and register it again"
                : "the connection was not accepted before the deadline of " + properties.connectionDeadline());
    }
}
