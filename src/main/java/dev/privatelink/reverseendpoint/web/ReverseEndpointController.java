package dev.privatelink.reverseendpoint.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.reverseendpoint.ReverseEndpointSnapshot;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.CustomDnsNames;
import dev.privatelink.reverseendpoint.model.ReverseEndpoint;
import dev.privatelink.reverseendpoint.model.ReverseEndpointChanges;
import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import dev.privatelink.reverseendpoint.model.ReverseTarget;
import dev.privatelink.security.Caller;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.Pages;
import dev.privatelink.workflow.WorkflowView;
import dev.privatelink.workflow.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Limit;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ClickPipes reverse private endpoints, exactly as ClickHouse Cloud's API has them (paths, field
 * names, 200 for every success, DELETE answering {@code {status, requestId}}), so that its Terraform
 * provider and clickhousectl work unchanged; plus {@code reversePrivateEndpointConfig}, which says what
 * customers must allow.
 */
@Tag(name = "Reverse private endpoints")
@RestController
@RequestMapping("/v1/organizations/{orgId}/services/{serviceId}")
class ReverseEndpointController {

    private final DatabaseServices services;
    private final ReverseEndpoints endpoints;
    private final ReverseEndpointChanges changes;
    private final ReverseEndpointProperties properties;
    private final Workflows workflows;
    private final EntityManager entityManager;

    ReverseEndpointController(DatabaseServices services, ReverseEndpoints endpoints, ReverseEndpointChanges changes,
                              ReverseEndpointProperties properties, Workflows workflows, EntityManager entityManager) {
        this.services = services;
        this.endpoints = endpoints;
        this.changes = changes;
        this.properties = properties;
        this.workflows = workflows;
        this.entityManager = entityManager;
    }

    @Operation(operationId = "clickPipeReversePrivateEndpointGetList", summary = "List reverse private endpoints",
            description = """
                    Every reverse private endpoint of the service, oldest first, those being deleted included. Without
                    pageSize the whole list comes back, as ClickHouse Cloud's does (400 asking for pageSize past 1000);
                    with pageSize, keyset pages continued with pageToken = the previous page's nextPageToken.""")
    @GetMapping("/clickpipesReversePrivateEndpoints")
    @Transactional(readOnly = true)
    Envelope<List<ReversePrivateEndpoint>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                                @PathVariable UUID serviceId,
                                                @RequestParam(required = false) Integer pageSize,
                                                @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        DatabaseService service = service(orgId, serviceId);
        ListWindow window = ListWindow.wholeOrPage(pageSize, pageToken);
        List<ReverseEndpoint> page = endpoints.page(service.id(), window.after().createdAt(), window.after().uuid(),
                Limit.of(window.fetchLimit()));
        return Pages.envelopeEach(page, window, ReverseEndpoint::createdAt, e -> e.id().toString(), e -> view(e, null));
    }

    @Operation(operationId = "clickPipeReversePrivateEndpointCreate", summary = "Create reverse private endpoint",
            description = """
                    Creates an endpoint in the platform's VPC (the region serving the service) that reaches the customer's
                    network: VPC_ENDPOINT_SERVICE (vpcEndpointServiceName; may be in another region), VPC_RESOURCE
                    (vpcResourceConfigurationId and vpcResourceShareArn, shared with the platform's account over RAM) or
                    MSK_MULTI_VPC (mskClusterArn and mskAuthentication). Answers 200 with the endpoint, Provisioning; follow
                    it with GET until Ready (PendingAcceptance while the endpoint service's owner has to accept it).""")
    @PostMapping("/clickpipesReversePrivateEndpoints")
    @Transactional
    Envelope<ReversePrivateEndpoint> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                            @PathVariable UUID serviceId,
                                            @Valid @RequestBody CreateReversePrivateEndpoint body) {
        caller.requireWrite(orgId);
        DatabaseService service = lockService(orgId, serviceId);
        ReverseTarget target = ReverseTarget.of(body.type(), ReverseEndpointChanges.fields(body.vpcEndpointServiceName(),
                body.vpcResourceConfigurationId(), body.vpcResourceShareArn(), body.mskClusterArn(), body.mskAuthentication(),
                body.gcpServiceAttachment()));
        List<String> names = CustomDnsNames.check(names(body.customPrivateDnsMappings()));
        ReverseEndpoint endpoint = changes.create(service, body.description(), target, names);
        return Envelope.ok(view(endpoint, null));
    }

    @Operation(operationId = "clickPipeReversePrivateEndpointGet", summary = "Get reverse private endpoint",
            description = "The endpoint with its status, statusReason and the step history of its workflows; 404 once deleted.")
    @GetMapping("/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}")
    @Transactional(readOnly = true)
    Envelope<ReversePrivateEndpoint> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                         @PathVariable UUID serviceId, @PathVariable UUID reversePrivateEndpointId) {
        caller.requireRead(orgId);
        DatabaseService service = service(orgId, serviceId);
        ReverseEndpoint endpoint = endpoint(service, reversePrivateEndpointId, false);
        return Envelope.ok(view(endpoint, history(endpoint)));
    }

    @Operation(operationId = "clickPipeReversePrivateEndpointUpdate", summary = "Update reverse private endpoint",
            description = "customPrivateDnsMappings is a full replacement list (order kept); an empty array clears it. "
                    + "Each name (exact or a leading wildcard) becomes a record in the platform's private zone pointing at "
                    + "the endpoint once it is Ready; names are unique within the service. Not for MSK_MULTI_VPC.")
    @PatchMapping("/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}")
    @Transactional
    Envelope<ReversePrivateEndpoint> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                            @PathVariable UUID serviceId, @PathVariable UUID reversePrivateEndpointId,
                                            @Valid @RequestBody UpdateReversePrivateEndpoint body) {
        caller.requireWrite(orgId);
        List<String> names = body.customPrivateDnsMappings() == null ? null
                : CustomDnsNames.check(names(body.customPrivateDnsMappings()));
        DatabaseService service = lockService(orgId, serviceId);
        ReverseEndpoint endpoint = endpoint(service, reversePrivateEndpointId, true);
        if (names != null) {
            endpoint = changes.replaceDnsNames(service, endpoint, names);
        }
        return Envelope.ok(view(endpoint, null));
    }

    @Operation(operationId = "clickPipeReversePrivateEndpointDelete", summary = "Delete reverse private endpoint",
            description = "Deleting at once (the endpoint's status), gone once the cloud has deleted it: GET then answers 404. "
                    + "Every pipe of the service using it loses its connection.")
    @DeleteMapping("/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}")
    @Transactional
    Envelope<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable UUID serviceId,
                          @PathVariable UUID reversePrivateEndpointId) {
        caller.requireWrite(orgId);
        DatabaseService service = lockService(orgId, serviceId);
        changes.delete(endpoint(service, reversePrivateEndpointId, true));
        return Envelope.ok(null);
    }

    @Operation(operationId = "reversePrivateEndpointConfigGet", summary = "What customers must allow for reverse private endpoints",
            description = """
                    The platform's AWS account and principal to allow on the customer's side (endpoint service allowed
                    principals, RAM share principals, MSK cluster policy), the platform region that serves this service,
                    which types it offers, and which of them may reach another region.""")
    @GetMapping("/reversePrivateEndpointConfig")
    @Transactional(readOnly = true)
    Envelope<ReversePrivateEndpointConfig> config(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                                  @PathVariable UUID serviceId) {
        caller.requireRead(orgId);
        DatabaseService service = service(orgId, serviceId);
        String region = changes.platformRegion(service);
        List<ReverseEndpointType> types = List.of(ReverseEndpointType.values());
        return Envelope.ok(new ReversePrivateEndpointConfig(properties.accountId(), properties.principalArn(), region, types,
                types.stream().filter(ReverseEndpointType::crossesRegions).toList()));
    }

    // ----

    private DatabaseService service(UUID orgId, UUID serviceId) {
        return services.findByIdAndOrganizationId(serviceId, orgId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
    }

    /** The service, row-locked: changes to its endpoints apply one after the other. */
    private DatabaseService lockService(UUID orgId, UUID serviceId) {
        DatabaseService service = entityManager.find(DatabaseService.class, serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (service == null || !service.organizationId().equals(orgId)) {
            throw ApiException.notFound("service '" + serviceId + "' not found");
        }
        return service;
    }

    private ReverseEndpoint endpoint(DatabaseService service, UUID id, boolean lock) {
        return (lock ? endpoints.lockById(id) : endpoints.findById(id))
                .filter(e -> e.serviceId().equals(service.id()))
                .orElseThrow(() -> ApiException.notFound("reverse private endpoint '" + id + "' not found for service '"
                        + service.id() + "'"));
    }

    private static List<String> names(List<CustomPrivateDnsMapping> mappings) {
        if (mappings == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i) == null) {
                throw ApiException.badRequest("customPrivateDnsMappings[" + i + "] must be an object {privateDnsName}");
            }
            names.add(mappings.get(i).privateDnsName());
        }
        return names;
    }

    /** Every step of the endpoint's workflows (creation, DNS sync, reconcile, deletion), oldest first. */
    private List<WorkflowView.HistoryEntry> history(ReverseEndpoint endpoint) {
        List<WorkflowView.HistoryEntry> history = new ArrayList<>();
        for (String type : List.of(ReverseEndpointRuns.createWorkflow(endpoint.type()), ReverseEndpointRuns.SYNC_DNS,
                ReverseEndpointRuns.RECONCILE, ReverseEndpointRuns.DELETE)) {
            workflows.findLatestFor(type, endpoint.id()).ifPresent(w -> history.addAll(w.history()));
        }
        history.sort(Comparator.comparing(WorkflowView.HistoryEntry::startedAt));
        return history;
    }

    private static ReversePrivateEndpoint view(ReverseEndpoint e, List<WorkflowView.HistoryEntry> history) {
        ReverseEndpointSnapshot s = e.snapshot();
        StatusReason reason = s.reasonCode() == null && s.reasonMessage() == null ? null
                : new StatusReason(s.reasonCode(), s.reasonMessage());
        return new ReversePrivateEndpoint(s.id(), s.serviceId(), s.description(), s.type(), s.vpcEndpointServiceName(),
                s.vpcResourceConfigurationId(), s.vpcResourceShareArn(), s.mskClusterArn(), s.mskAuthentication(),
                s.customDnsNames().stream().map(CustomPrivateDnsMapping::new).toList(), s.endpointId(), s.dnsNames(),
                s.privateDnsNames(), s.status(), reason, s.region(), e.cloudState(), dnsStatus(e), s.createdAt(),
                s.updatedAt(), history);
    }

    private static CustomPrivateDnsStatus dnsStatus(ReverseEndpoint e) {
        if (e.customDnsNames().isEmpty() && e.appliedDnsNames().isEmpty()) {
            return null;
        }
        if (e.dnsErrorCode() != null) {
            return new CustomPrivateDnsStatus("Failed", e.dnsErrorCode(), e.dnsErrorMessage());
        }
        boolean inSync = !e.dnsOutOfSync() && e.dnsChangeIds().isEmpty();
        return new CustomPrivateDnsStatus(inSync ? "InSync" : "Pending", null, null);
    }

    @Schema(name = "CreateReversePrivateEndpoint", description = "ClickHouse's CreateReversePrivateEndpoint")
    record CreateReversePrivateEndpoint(
            @Size(max = 255) String description,
            @Schema(allowableValues = {"VPC_ENDPOINT_SERVICE", "VPC_RESOURCE", "MSK_MULTI_VPC", "GCP_PSC_SERVICE_ATTACHMENT"},
                    description = "GCP_PSC_SERVICE_ATTACHMENT answers 400: this platform runs on AWS") String type,
            @Size(max = 300) String vpcEndpointServiceName,
            @Size(max = 100) String vpcResourceConfigurationId,
            @Size(max = 300) String vpcResourceShareArn,
            @Size(max = 300) String mskClusterArn,
            @Schema(allowableValues = {"SASL_IAM", "SASL_SCRAM"}) String mskAuthentication,
            @Size(max = 500) String gcpServiceAttachment,
            @Size(max = CustomDnsNames.MAX) List<@Valid CustomPrivateDnsMapping> customPrivateDnsMappings) {
    }

    @Schema(name = "UpdateReversePrivateEndpoint", description = "ClickHouse's UpdateReversePrivateEndpoint: a full replacement list")
    record UpdateReversePrivateEndpoint(@Size(max = CustomDnsNames.MAX) List<@Valid CustomPrivateDnsMapping> customPrivateDnsMappings) {
    }

    @Schema(name = "CustomPrivateDnsMapping")
    record CustomPrivateDnsMapping(@Size(max = 253) String privateDnsName) {
    }

    /**
     * ClickHouse's {@code ReversePrivateEndpoint}, plus {@code statusReason}, {@code region} (the platform's),
     * {@code cloudState}, {@code customPrivateDnsStatus}, {@code createdAt}, {@code updatedAt} and the step
     * {@code history} (single reads). The create fields are echoed exactly as sent, absent when not sent;
     * {@code dnsNames} and {@code privateDnsNames} are filled while Ready.
     */
    @Schema(name = "ReversePrivateEndpoint")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReversePrivateEndpoint(UUID id, UUID serviceId, String description, ReverseEndpointType type,
                                  String vpcEndpointServiceName, String vpcResourceConfigurationId, String vpcResourceShareArn,
                                  String mskClusterArn, String mskAuthentication,
                                  List<CustomPrivateDnsMapping> customPrivateDnsMappings, String endpointId,
                                  List<String> dnsNames, List<String> privateDnsNames, ReverseEndpointStatus status,
                                  StatusReason statusReason, String region, String cloudState,
                                  CustomPrivateDnsStatus customPrivateDnsStatus, Instant createdAt, Instant updatedAt,
                                  List<WorkflowView.HistoryEntry> history) {
    }

    @Schema(name = "ReversePrivateEndpointStatusReason")
    record StatusReason(String code, String message) {
    }

    /** @param state InSync, Pending (records being changed) or Failed (with the cloud's code and message) */
    @Schema(name = "CustomPrivateDnsStatus")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CustomPrivateDnsStatus(String state, String code, String message) {
    }

    /**
     * @param accountId        the platform's AWS account to allow on the customer's side
     * @param principalArn     the IAM principal the platform acts as
     * @param region           the platform region serving the service: where its reverse endpoints live
     * @param supportedTypes   the reverse endpoint types offered
     * @param crossRegionTypes the types that may reach a target in another region
     */
    @Schema(name = "ReversePrivateEndpointConfig")
    record ReversePrivateEndpointConfig(String accountId, String principalArn, String region,
                                        List<ReverseEndpointType> supportedTypes, List<ReverseEndpointType> crossRegionTypes) {
    }
}
