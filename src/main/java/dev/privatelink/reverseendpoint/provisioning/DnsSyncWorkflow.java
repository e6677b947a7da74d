package dev.privatelink.reverseendpoint.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.PlatformPrivateDnsRecords;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
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
 * Makes the private hosted zone of the platform's VPC hold exactly a Ready endpoint's custom private
 * DNS names, each a CNAME to the endpoint's first DNS name: records no longer wanted are deleted, new
 * or repointed ones upserted (both idempotent), then the changes are followed until every name server
 * has them. A later change of the names supersedes a running sync; a failure is shown on the endpoint
 * ({@code customPrivateDnsStatus}) without changing its status.
 */
@Component
class DnsSyncWorkflow implements WorkflowType {

    private final ReverseEndpoints endpoints;
    private final CloudBackends clouds;
    private final ReverseOutcomes outcomes;
    private final CreationSteps creation;

    DnsSyncWorkflow(ReverseEndpoints endpoints, CloudBackends clouds, ReverseOutcomes outcomes, CreationSteps creation) {
        this.endpoints = endpoints;
        this.clouds = clouds;
        this.outcomes = outcomes;
        this.creation = creation;
    }

    @Override
    public String name() {
        return ReverseEndpointRuns.SYNC_DNS;
    }

    @Override
    public List<Step> steps() {
        return List.of(Step.of("apply-records", this::apply),
                Step.of("await-in-sync", this::awaitInSync).within(Duration.ofMinutes(30)));
    }

    private StepOutcome apply(StepContext context) {
        ReverseEndpoint endpoint = endpoints.findById(context.subjectId())
                .filter(e -> e.status() == ReverseEndpointStatus.READY).orElse(null);
        if (endpoint == null) {
            return StepOutcome.done(); // not Ready (any more): becoming Ready starts a sync again
        }
        if (endpoint.dnsNames().isEmpty() && !endpoint.customDnsNames().isEmpty()) {
            return StepOutcome.fail("NO_ENDPOINT_DNS_NAME", "the endpoint has no DNS name for the records to point at");
        }
        String target = endpoint.dnsNames().isEmpty() ? null : endpoint.dnsNames().getFirst();
        List<String> changes = apply(records(), endpoint.region(), endpoint.appliedDnsNames(), endpoint.appliedDnsTarget(),
                endpoint.customDnsNames(), target);
        List<String> applied = endpoint.customDnsNames();
        return StepOutcome.done().then(() -> outcomes.dnsApplied(endpoint.id(), applied, target, changes));
    }

    /**
     * Deletes the records of {@code applied} not in {@code wanted}, upserts those of {@code wanted} that
     * are new or point elsewhere.
     *
     * @return the change ids to follow
     */
    static List<String> apply(PlatformPrivateDnsRecords records, String region, List<String> applied, String appliedTarget,
                              List<String> wanted, String target) {
        Set<String> wantedNames = lowerCase(wanted);
        Set<String> appliedNames = lowerCase(applied);
        List<String> changes = new ArrayList<>();
        for (String name : applied) {
            if (!wantedNames.contains(name.toLowerCase(Locale.ROOT))) {
                changes.add(records.deleteRecord(region, name, appliedTarget));
            }
        }
        for (String name : wanted) {
            if (!appliedNames.contains(name.toLowerCase(Locale.ROOT)) || !target.equals(appliedTarget)) {
                changes.add(records.upsertRecord(region, name, target));
            }
        }
        return changes.stream().filter(c -> c != null).toList();
    }

    private StepOutcome awaitInSync(StepContext context) {
        ReverseEndpoint endpoint = endpoints.findById(context.subjectId()).orElse(null);
        if (endpoint == null) {
            return StepOutcome.done();
        }
        PlatformPrivateDnsRecords records = records();
        for (String change : endpoint.dnsChangeIds()) {
            if (!records.isChangeApplied(change)) {
                return StepOutcome.waitFor(creation.backoff(context));
            }
        }
        return StepOutcome.done().then(() -> outcomes.dnsInSync(endpoint.id()));
    }

    private PlatformPrivateDnsRecords records() {
        return clouds.platformPrivateDnsRecords(CloudProvider.AWS).orElseThrow(() -> new CloudException(CloudProvider.AWS,
                "sync-dns", "NotOffered", CloudErrorKind.TERMINAL, "the AWS backend offers no private DNS zone"));
    }

    private static Set<String> lowerCase(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public void lockSubject(UUID subjectId) {
        endpoints.lockById(subjectId);
    }

    /**
     * Cancelled by the operator: the endpoint's status stays (DNS never changes it); its custom private
     * DNS shows {@code CANCELLED}. Retried: the sync runs again while the endpoint exists; changing the
     * names starts a fresh one too.
     */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(w -> outcomes.dnsFailed(w.subjectId(), OperatorOutcomes.CANCELLED, OperatorOutcomes.CANCELLED_MESSAGE),
                w -> outcomes.exists(w.subjectId()));
    }

    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        outcomes.dnsFailed(workflow.subjectId(), reasonCode, message);
    }

    @Override
    public void onExpired(WorkflowRef workflow, String step) {
        outcomes.dnsFailed(workflow.subjectId(), "DNS_CHANGE_TIMEOUT", "the zone's name servers did not all take the change in time");
    }
}
