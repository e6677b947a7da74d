package dev.privatelink.reverseendpoint.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.PlatformPrivateDnsRecords;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.stereotype.Component;

/**
 * Deletes a reverse endpoint: removes its custom private DNS records, deletes the endpoint (or MSK
 * connection) in the platform's VPC — also one an interrupted create made before its id was recorded,
 * found by the client token — waits until the cloud no longer has it (its /28 blocks are free again)
 * and forgets it: reads answer 404 from then on.
 */
@Component
class DeletionWorkflow implements WorkflowType {

    private final ReverseEndpoints endpoints;
    private final CloudBackends clouds;
    private final ReverseOutcomes outcomes;
    private final CreationSteps creation;

    DeletionWorkflow(ReverseEndpoints endpoints, CloudBackends clouds, ReverseOutcomes outcomes,
                     CreationSteps creation) {
        this.endpoints = endpoints;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.creation = creation;
    }

    @Override
    public String name() {
        return ReverseEndpointRuns.DELETE;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("remove-dns-records", this::removeRecords),
                Step.of("delete-in-cloud", this::deleteInCloud),
                Step.of("await-deleted", this::awaitDeleted).within(Duration.ofHours(1)),
                Step.of("forget", this::forget));
    }

    private StepOutcome removeRecords(StepContext context) {
        ReverseEndpoint endpoint = deleting(context).orElse(null);
        if (endpoint == null || endpoint.appliedDnsNames().isEmpty()) {
            return StepOutcome.done();
        }
        PlatformPrivateDnsRecords records = clouds.platformPrivateDnsRecords(CloudProvider.AWS).orElseThrow(() ->
                notOffered("private DNS zone"));
        DnsSyncWorkflow.apply(records, endpoint.region(), endpoint.appliedDnsNames(), endpoint.appliedDnsTarget(), List.of(), null);
        return StepOutcome.done().then(() -> outcomes.dnsApplied(endpoint.id(), List.of(), null, List.of()));
    }

    private StepOutcome deleteInCloud(StepContext context) {
        ReverseEndpoint endpoint = deleting(context).orElse(null);
        if (endpoint == null || (endpoint.endpointId() == null && endpoint.createRequestedAt() == null)) {
            return StepOutcome.done(); // never sent to the cloud: nothing to undo there
        }
        if (endpoint.type() == ReverseEndpointType.MSK_MULTI_VPC) {
            MskVpcConnections msk = clouds.mskVpcConnections(CloudProvider.AWS).orElseThrow(() -> notOffered("MSK"));
            String arn = endpoint.endpointId();
            if (arn == null) {
                Optional<MskVpcConnection> made = msk.findMskVpcConnection(endpoint.region(), endpoint.mskClusterArn(),
                        endpoint.clientToken());
                if (made.isEmpty()) {
                    return StepOutcome.done();
                }
                arn = made.get().vpcConnectionArn();
            }
            msk.deleteMskVpcConnection(endpoint.region(), arn);
            return found(endpoint, arn);
        }
        ReverseVpcEndpoints vpc = clouds.reverseVpcEndpoints(CloudProvider.AWS).orElseThrow(() -> notOffered("VPC endpoints"));
        String id = endpoint.endpointId();
        if (id == null) {
            Optional<VpcEndpoint> made = vpc.findVpcEndpoint(endpoint.region(), endpoint.clientToken());
            if (made.isEmpty()) {
                return StepOutcome.done();
            }
            id = made.get().vpcEndpointId();
        }
        vpc.deleteVpcEndpoint(endpoint.region(), id);
        return found(endpoint, id);
    }

    private StepOutcome found(ReverseEndpoint endpoint, String cloudId) {
        return endpoint.endpointId() != null ? StepOutcome.done()
                : StepOutcome.done().then(() -> outcomes.foundForDeletion(endpoint.id(), cloudId, "deleting"));
    }

    /** Parks on the next describe (or listing) of the endpoint's region until the cloud no longer has it. */
    private StepOutcome awaitDeleted(StepContext context) {
        ReverseEndpoint endpoint = deleting(context).orElse(null);
        if (endpoint == null || endpoint.endpointId() == null) {
            return StepOutcome.done();
        }
        return CloudObservations.await(endpoint, creation.backoff(context));
    }

    /** What a describe of its region means for {@link #awaitDeleted}; {@code null}: it waits on as it is. */
    StepOutcome observed(CloudObservations.Observation observation, CloudObservations.Observed seen) {
        ReverseEndpoint endpoint = observation.endpoint();
        if (endpoint == null || endpoint.status() != ReverseEndpointStatus.DELETING || endpoint.endpointId() == null) {
            return StepOutcome.done();
        }
        boolean gone = endpoint.type() == ReverseEndpointType.MSK_MULTI_VPC
                ? seen.msk(endpoint).isEmpty()
                : seen.vpc(endpoint).map(e -> e.state() == ConnectionState.DELETED).orElse(true);
        return gone ? StepOutcome.done() : null;
    }

    private StepOutcome forget(StepContext context) {
        return StepOutcome.done().then(() -> outcomes.forget(context.subjectId()));
    }

    private Optional<ReverseEndpoint> deleting(StepContext context) {
        return endpoints.findById(context.subjectId()).filter(e -> e.status() == ReverseEndpointStatus.DELETING);
    }

    private static CloudException notOffered(String what) {
        return new CloudException(CloudProvider.AWS, "reverse-endpoint.delete", "NotOffered", CloudErrorKind.TERMINAL,
                "the AWS backend offers no " + what);
    }

    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
    }

    /**
     * Cancelled by the operator: the endpoint stays {@code Deleting} with {@code DELETION_CANCELLED};
     * deleting it again, or the operator's retry, resumes the deletion, whose steps are idempotent.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> outcomes.deletionCancelled(w.subjectId()), w -> outcomes.deletionRetried(w.subjectId()));
    }

    /** It stays Deleting with the reason, for an operator to retry (Workflows.retry). */
    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        outcomes.deletionStuck(workflow.subjectId(), reasonCode, message);
    }

    @Override
    public void onExpired(WorkflowRef workflow, String step) {
        outcomes.deletionStuck(workflow.subjectId(), "DELETE_TIMEOUT", "the cloud did not finish deleting the endpoint within an hour");
    }
}
