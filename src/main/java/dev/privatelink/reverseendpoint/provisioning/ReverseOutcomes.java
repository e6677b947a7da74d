package dev.privatelink.reverseendpoint.provisioning;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.workflow.OperatorOutcomes;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The changes the workflows make to reverse endpoints, each applied inside the engine's committing
 * transaction (or, for {@link #createRequested}, just before a create is sent) and saved so that the
 * endpoint's events are published with it. An endpoint being deleted (or gone) is left alone by the
 * creation and follow-up workflows: a late outcome of a superseded run never overwrites it.
 */
@Component
class ReverseOutcomes {

    private final ReverseEndpoints endpoints;
    private final ReverseEndpointRuns runs;
    private final Clock clock;

    ReverseOutcomes(ReverseEndpoints endpoints, ReverseEndpointRuns runs, Clock clock) {
        this.endpoints = endpoints;
        this.runs = runs;
        this.clock = clock;
    }

    @Transactional
    void createRequested(UUID id) {
        live(id, e -> e.createRequested(clock.instant()));
    }

    @Transactional
    void created(UUID id, String endpointId, String cloudState) {
        live(id, e -> e.created(endpointId, cloudState, clock.instant()));
    }

    @Transactional
    void observed(UUID id, String cloudState) {
        live(id, e -> e.observed(cloudState, clock.instant()));
    }

    @Transactional
    void offersPrivateDns(UUID id, boolean enabled) {
        live(id, e -> e.offersPrivateDns(enabled, clock.instant()));
    }

    @Transactional
    void sharedResourceConfiguration(UUID id, String arn) {
        live(id, e -> e.sharedResourceConfiguration(arn, clock.instant()));
    }

    @Transactional
    void awaitingAcceptance(UUID id, String cloudState, String message) {
        live(id, e -> e.awaitingAcceptance(cloudState, message, clock.instant()));
    }

    @Transactional
    void provisioning(UUID id, String cloudState) {
        live(id, e -> e.provisioning(cloudState, clock.instant()));
    }

    /** Ready with its names; its custom private DNS names follow in a sync of their own. */
    @Transactional
    void ready(UUID id, String cloudState, List<String> dnsNames, List<String> privateDnsNames) {
        live(id, e -> {
            e.ready(cloudState, dnsNames, privateDnsNames, clock.instant());
            if (e.dnsOutOfSync()) {
                runs.syncDns(e);
            }
        });
    }

    @Transactional
    void rejected(UUID id, String code, String message) {
        live(id, e -> e.rejected(code, message, clock.instant()));
    }

    @Transactional
    void failed(UUID id, String code, String message) {
        live(id, e -> e.failed(code, message, clock.instant()));
    }

    @Transactional
    void expired(UUID id, String message) {
        live(id, e -> e.expired(message, clock.instant()));
    }

    /** A Ready endpoint the cloud reports otherwise (or a settled one): only a Ready one changes. */
    @Transactional
    void drifted(UUID id, String cloudState, ReverseEndpointStatus to, String code, String message) {
        live(id, e -> {
            if (e.status() != ReverseEndpointStatus.READY) {
                return;
            }
            e.observed(cloudState, clock.instant());
            if (to == ReverseEndpointStatus.REJECTED) {
                e.rejected(code, message, clock.instant());
            } else {
                e.failed(code, message, clock.instant());
            }
        });
    }

    @Transactional
    void dnsApplied(UUID id, List<String> names, String target, List<String> changeIds) {
        any(id, e -> e.dnsApplied(names, target, changeIds, clock.instant()));
    }

    @Transactional
    void dnsInSync(UUID id) {
        any(id, e -> e.dnsInSync(clock.instant()));
    }

    @Transactional
    void dnsFailed(UUID id, String code, String message) {
        any(id, e -> e.dnsFailed(code, message, clock.instant()));
    }

    /** The deletion found what an interrupted create had made. */
    @Transactional
    void foundForDeletion(UUID id, String endpointId, String cloudState) {
        deleting(id, e -> e.created(endpointId, cloudState, clock.instant()));
    }

    @Transactional
    void deletionStuck(UUID id, String code, String message) {
        deleting(id, e -> e.deletionStuck(code, message, clock.instant()));
    }

    /** The operator cancelled its creation: Failed with {@code CANCELLED}, unless it is settled already. */
    @Transactional
    void cancelledByOperator(UUID id) {
        live(id, e -> {
            if (e.status().isInProgress()) {
                e.cancelledByOperator(OperatorOutcomes.CANCELLED_MESSAGE, clock.instant());
            }
        });
    }

    /** The operator retries its failed creation: in progress again. @return false unless it was Failed */
    @Transactional
    boolean retriedByOperator(UUID id) {
        ReverseEndpoint endpoint = endpoints.lockById(id).filter(e -> e.status() == ReverseEndpointStatus.FAILED).orElse(null);
        if (endpoint == null) {
            return false;
        }
        endpoint.retriedByOperator(OperatorOutcomes.RETRIED_MESSAGE, clock.instant());
        endpoints.save(endpoint);
        return true;
    }

    /** The operator cancelled its deletion: it stays Deleting, saying so. */
    @Transactional
    void deletionCancelled(UUID id) {
        deleting(id, e -> e.deletionCancelled(OperatorOutcomes.CANCELLED_MESSAGE, clock.instant()));
    }

    /** The operator retries its stopped deletion. @return false when it is gone or no longer Deleting */
    @Transactional
    boolean deletionRetried(UUID id) {
        ReverseEndpoint endpoint = endpoints.lockById(id).filter(e -> e.status() == ReverseEndpointStatus.DELETING).orElse(null);
        if (endpoint == null) {
            return false;
        }
        endpoint.deletionResumed(OperatorOutcomes.RETRIED_MESSAGE, clock.instant());
        endpoints.save(endpoint);
        return true;
    }

    /** Whether the endpoint still exists (a follow-up workflow over it may run again). */
    @Transactional
    boolean exists(UUID id) {
        return endpoints.lockById(id).isPresent();
    }

    /** The cloud has deleted it: forget it ({@code ReverseEndpointRemoved}). */
    @Transactional
    void forget(UUID id) {
        endpoints.lockById(id).filter(e -> e.status() == ReverseEndpointStatus.DELETING).ifPresent(e -> {
            e.removed(clock.instant());
            endpoints.delete(e);
        });
    }

    private void live(UUID id, Consumer<ReverseEndpoint> change) {
        ReverseEndpoint endpoint = endpoints.lockById(id).orElse(null);
        if (endpoint == null || endpoint.status() == ReverseEndpointStatus.DELETING) {
            return;
        }
        change.accept(endpoint);
        endpoints.save(endpoint);
    }

    private void deleting(UUID id, Consumer<ReverseEndpoint> change) {
        endpoints.lockById(id).filter(e -> e.status() == ReverseEndpointStatus.DELETING).ifPresent(endpoint -> {
            change.accept(endpoint);
            endpoints.save(endpoint);
        });
    }

    private void any(UUID id, Consumer<ReverseEndpoint> change) {
        endpoints.lockById(id).ifPresent(endpoint -> {
            change.accept(endpoint);
            endpoints.save(endpoint);
        });
    }
}
