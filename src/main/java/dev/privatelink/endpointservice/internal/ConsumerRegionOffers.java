package dev.privatelink.endpointservice.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.CrossRegionConsumers;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceState;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.Workflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Offers an AWS endpoint service to consumers of every cross-region source region before any customer
 * needs it: on AWS, {@code CreateVpcEndpoint} with a {@code ServiceRegion} fails unless the service
 * already supports the endpoint's region, so waiting for a connection from that region would never end.
 * Runs when a service is enrolled (verified, or created by the platform) and at start-up for services
 * still missing a region; every missing region goes in one cloud request. A region the cloud refuses
 * (e.g. an opt-in region the account has not enabled) is logged and left out; the others are recorded.
 */
@Component
public class ConsumerRegionOffers implements WorkflowType {

    static final String NAME = "endpoint-service.offer-consumer-regions";
    private static final Logger log = LoggerFactory.getLogger(ConsumerRegionOffers.class);

    private final EndpointServices endpointServices;
    private final CloudBackends clouds;
    private final Workflows workflows;
    private final java.time.Clock clock;

    ConsumerRegionOffers(EndpointServices endpointServices, CloudBackends clouds, Workflows workflows, java.time.Clock clock) {
        this.endpointServices = endpointServices;
        this.clouds = clouds;
        this.workflows = workflows;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("add-supported-regions", this::addSupportedRegions));
    }

    /**
     * The service's own status does not depend on this workflow: a cancel leaves it as it is (a missing
     * region is asked for again at the next start-up, or when a connection from it is seen); a retry
     * runs again while the service exists.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> { }, w -> endpointServices.findById(w.subjectId()).isPresent());
    }

    /** Starts the offer inside the caller's transaction when the service misses a region it should offer. */
    void startIfMissing(EndpointService service) {
        if (service.isAvailable() && !missing(service).isEmpty() && clouds.crossRegionConsumers(service.provider()).isPresent()) {
            workflows.start(NAME, service.id());
        }
    }

    /** Every available service that still misses a region (services enrolled before, regions refused before). */
    void startWhereMissing() {
        for (EndpointService service : endpointServices.findAllByOrderByCreatedAtAscIdAsc()) {
            startIfMissing(service);
        }
    }

    /**
     * Offers the missing regions now, in the caller's thread: the regions the cloud added, for the caller
     * to record. When the request fails as a whole, the durable workflow takes over (started in the
     * caller's transaction) and nothing is returned.
     */
    public Set<String> offerNow(EndpointService service) {
        try {
            return offer(service).orElse(Set.of());
        } catch (CloudException e) {
            log.warn("Offering {} endpoint service {} to other regions failed ({}); retrying in the background",
                    service.provider(), service.cloudResourceId(), e.code());
            startIfMissing(service);
            return Set.of();
        }
    }

    private StepOutcome addSupportedRegions(StepContext context) {
        Optional<EndpointService> service = endpointServices.findById(context.subjectId())
                .filter(s -> s.state() == EndpointServiceState.AVAILABLE);
        if (service.isEmpty()) {
            return StepOutcome.done();
        }
        Optional<Set<String>> offered = offer(service.get());
        if (offered.isEmpty() || offered.get().isEmpty()) {
            return StepOutcome.done();
        }
        return StepOutcome.done().then(() -> endpointServices.lockById(service.get().id())
                .ifPresent(s -> offered.get().forEach(r -> s.supportRegion(r, clock.instant()))));
    }

    /** The regions the cloud now supports that the service did not record; empty when nothing was asked. */
    private Optional<Set<String>> offer(EndpointService service) {
        Optional<CrossRegionConsumers> crossRegion = clouds.crossRegionConsumers(service.provider());
        Set<String> missing = missing(service);
        if (crossRegion.isEmpty() || missing.isEmpty()) {
            return Optional.empty();
        }
        Map<String, CloudException> refused = crossRegion.get().allowConsumerRegions(service.ref(), missing);
        refused.forEach((region, e) -> log.warn("The {} endpoint service {} in {} cannot be offered to consumers in {}: {} {}",
                service.provider(), service.cloudResourceId(), service.region(), region, e.code(), e.getMessage()));
        Set<String> offered = new TreeSet<>(missing);
        offered.removeAll(refused.keySet());
        return Optional.of(offered);
    }

    private static Set<String> missing(EndpointService service) {
        Set<String> missing = new TreeSet<>(CloudRegions.crossRegionSources(service.provider(), service.region()));
        missing.removeAll(service.supportedRegions());
        return missing;
    }
}
