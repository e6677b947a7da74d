package dev.privatelink.endpointservice.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.PrivateDnsNameVerification.DomainVerification;
import dev.privatelink.cloud.PrivateDnsNameVerification;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepContext;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import dev.privatelink.workflow.Workflows;
import org.springframework.stereotype.Component;

/**
 * Sets an endpoint service's private DNS name (AWS) and follows its domain verification to the end:
 * the name is set on the service, the TXT record AWS asks for is published in the platform's public
 * zone, and once that change is on every name server AWS is asked to verify, then followed until it
 * says {@code verified} or {@code failed}.
 *
 * <p>Every step may run again after a crash: setting the same name returns the same record, an UPSERT
 * of the same record changes nothing, and starting verification again only checks again.
 */
@Component
class PrivateDnsVerification implements WorkflowType {

    static final String NAME = "endpoint-service.private-dns";
    static final String FAILED = "PrivateDnsVerificationFailed";

    private final EndpointServices endpointServices;
    private final CloudBackends clouds;
    private final Workflows workflows;
    private final EndpointServiceSettings settings;
    private final Clock clock;

    PrivateDnsVerification(EndpointServices endpointServices, CloudBackends clouds, Workflows workflows,
                           EndpointServiceSettings settings, Clock clock) {
        this.endpointServices = endpointServices;
        this.clouds = clouds;
        this.workflows = workflows;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Records the name as pending and starts verifying it, inside the caller's transaction; a
     * verification of an earlier name still running is cancelled first (its outcome would be stale).
     */
    void start(EndpointService service, String privateDnsName) {
        workflows.cancelFor(NAME, service.id());
        service.requestPrivateDns(privateDnsName, clock.instant());
        workflows.start(NAME, service.id());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Step> steps() {
        return List.of(
                Step.of("set-private-dns-name", on(this::setName)),
                Step.of("publish-txt-record", on(this::publishRecord)),
                Step.of("await-dns-change", on(this::awaitChange)).within(settings.dnsChangeDeadline()),
                Step.of("start-verification", on(this::startVerification)),
                Step.of("await-verification", on(this::awaitVerification)).within(settings.verificationDeadline()));
    }

    private StepOutcome setName(EndpointService service, StepContext context) {
        Optional<PrivateDnsNameVerification> verification = clouds.privateDnsNameVerification(service.provider());
        if (verification.isEmpty()) {
            return StepOutcome.fail("PrivateDnsNotSupported", service.provider()
                    + " endpoint services have no private DNS name verification; use private DNS zones instead");
        }
        DomainVerification txt = verification.get().setPrivateDnsName(service.ref(), service.privateDnsName());
        return StepOutcome.done().then(() -> current(service)
                .ifPresent(s -> s.privateDnsRecordRequested(txt.recordName(), txt.recordValue(), clock.instant())));
    }

    private StepOutcome publishRecord(EndpointService service, StepContext context) {
        String changeId = clouds.dnsRecords(service.provider()).upsert(settings.publicDnsZoneId(),
                service.privateDnsTxtName(), "TXT", settings.txtTtl().toSeconds(), List.of(service.privateDnsTxtValue()));
        return StepOutcome.done().then(() -> current(service)
                .ifPresent(s -> s.privateDnsRecordPublished(changeId, clock.instant())));
    }

    private StepOutcome awaitChange(EndpointService service, StepContext context) {
        if (clouds.dnsRecords(service.provider()).isChangeApplied(service.privateDnsChangeId())) {
            return StepOutcome.done();
        }
        return StepOutcome.waitFor(recheckDelay(context));
    }

    private StepOutcome startVerification(EndpointService service, StepContext context) {
        clouds.privateDnsNameVerification(service.provider()).orElseThrow().startPrivateDnsVerification(service.ref());
        return StepOutcome.done();
    }

    private StepOutcome awaitVerification(EndpointService service, StepContext context) {
        EndpointServiceDescription description = clouds.endpointServices(service.provider()).describeEndpointService(service.ref());
        String state = description.privateDnsVerificationState();
        if ("verified".equalsIgnoreCase(state)) {
            return StepOutcome.done().then(() -> current(service).ifPresent(s -> s.privateDnsVerified(clock.instant())));
        }
        if ("failed".equalsIgnoreCase(state)) {
            return StepOutcome.fail(FAILED, "AWS could not find TXT record " + service.privateDnsTxtName() + " with value "
                    + service.privateDnsTxtValue() + " in public DNS. Check that the platform's public zone"
                    + zoneHint() + " is authoritative for the domain of " + service.privateDnsName()
                    + " and still holds that record, then set the name again (PATCH /v1/operator/endpointServices/"
                    + service.id() + ") or retry the workflow");
        }
        return StepOutcome.waitFor(recheckDelay(context)).then(() -> current(service).ifPresent(s -> s.privateDnsChecked(clock.instant())));
    }

    /** Cancelled by the operator: the name's verification FAILED, saying so; retried: pending verification again. */
    @Override
    public OperatorOutcomes operatorOutcomes() {
        return OperatorOutcomes.of(
                w -> endpointServices.lockById(w.subjectId())
                        .ifPresent(s -> s.privateDnsFailed(OperatorOutcomes.CANCELLED + ": " + OperatorOutcomes.CANCELLED_MESSAGE,
                                clock.instant())),
                w -> endpointServices.lockById(w.subjectId()).filter(s -> s.privateDnsName() != null).map(s -> {
                    s.privateDnsVerifyAgain(OperatorOutcomes.RETRIED_MESSAGE, clock.instant());
                    return true;
                }).orElse(false));
    }

    @Override
    public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
        endpointServices.lockById(workflow.subjectId())
                .ifPresent(s -> s.privateDnsFailed(reasonCode + ": " + message, clock.instant()));
    }

    @Override
    public void onExpired(WorkflowRef workflow, String step) {
        String reason = "await-dns-change".equals(step)
                ? "the TXT record did not reach every name server within " + settings.dnsChangeDeadline()
                : "AWS did not finish verifying the domain within " + settings.verificationDeadline();
        endpointServices.lockById(workflow.subjectId())
                .ifPresent(s -> s.privateDnsFailed("PrivateDnsVerificationExpired: " + reason, clock.instant()));
    }

    /** Re-checks come sooner at first and further apart the longer a step has waited (half the time waited). */
    private Duration recheckDelay(StepContext context) {
        Duration half = Duration.between(context.stepStartedAt(), context.now()).dividedBy(2);
        if (half.compareTo(settings.firstCheckDelay()) < 0) {
            return settings.firstCheckDelay();
        }
        return half.compareTo(settings.maxCheckDelay()) > 0 ? settings.maxCheckDelay() : half;
    }

    private String zoneHint() {
        return settings.publicDnsZoneId() == null ? "" : " (" + settings.publicDnsZoneId() + ")";
    }

    /** Loads the service for a step; once the service is gone or has no name to verify, the remaining steps pass without calling the cloud. */
    private Function<StepContext, StepOutcome> on(BiFunction<EndpointService, StepContext, StepOutcome> step) {
        return context -> {
            EndpointService service = endpointServices.findById(context.subjectId()).orElse(null);
            if (service == null || service.privateDnsName() == null) {
                return StepOutcome.done();
            }
            try {
                return step.apply(service, context);
            } catch (CloudException e) {
                if (e.kind() == CloudErrorKind.NOT_FOUND && !"await-dns-change".equals(context.step())) {
                    return StepOutcome.fail(e.code() == null ? "NotFound" : e.code(), "the cloud does not know endpoint service "
                            + service.cloudResourceId() + " in " + service.region() + ": " + e.getMessage());
                }
                throw e;
            }
        };
    }

    private Optional<EndpointService> current(EndpointService read) {
        return endpointServices.lockById(read.id())
                .filter(s -> s.privateDnsName() != null && s.privateDnsName().equals(read.privateDnsName()));
    }
}
