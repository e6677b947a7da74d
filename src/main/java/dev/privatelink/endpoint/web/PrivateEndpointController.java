package dev.privatelink.endpoint.web;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.diagnosis.Diagnosis;
import dev.privatelink.endpoint.registration.AllowLists;
import dev.privatelink.endpoint.registration.EndpointIds;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpoint.registration.RegistrationSnapshots;
import dev.privatelink.endpoint.registration.RegistrationSnapshots.RegistrationSnapshot;
import dev.privatelink.endpoint.registration.ServiceHostnames;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.service.IpSource;
import dev.privatelink.service.ServiceLocations;
import dev.privatelink.service.ServiceLocations.ServiceLocation;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.Pages;
import dev.privatelink.workflow.WorkflowView;
import dev.privatelink.workflow.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What customers read about private endpoints: where to point them, and where each registration stands. */
@Tag(name = "Private endpoints")
@RestController
@RequestMapping("/v1/organizations/{orgId}")
public class PrivateEndpointController {

    private final Organizations organizations;
    private final DatabaseServices services;
    private final ServiceLocations locations;
    private final EndpointRegistrations endpoints;
    private final RegistrationSnapshots snapshots;
    private final AllowLists allowLists;
    private final EndpointServiceDirectory directory;
    private final ServiceHostnames dnsNames;
    private final Workflows workflows;
    private final Diagnosis diagnosis;
    private final StatusWaits waits;
    private final PrivateEndpointProperties properties;

    PrivateEndpointController(Organizations organizations, DatabaseServices services, ServiceLocations locations,
                              EndpointRegistrations endpoints, RegistrationSnapshots snapshots,
                              AllowLists allowLists, EndpointServiceDirectory directory, ServiceHostnames dnsNames,
                              Workflows workflows, Diagnosis diagnosis, StatusWaits waits,
                              PrivateEndpointProperties properties) {
        this.organizations = organizations;
        this.services = services;
        this.locations = locations;
        this.endpoints = endpoints;
        this.snapshots = snapshots;
        this.allowLists = allowLists;
        this.directory = directory;
        this.dnsNames = dnsNames;
        this.workflows = workflows;
        this.diagnosis = diagnosis;
        this.waits = waits;
        this.properties = properties;
    }

    @Operation(operationId = "getServicePrivateEndpointConfig", summary = "Where to point a private endpoint for this service",
            description = "ClickHouse Cloud's instancePrivateEndpointConfigGet. endpointServiceId is what the endpoint is "
                    + "created against (AWS service name, Azure alias); privateDnsHostname is the name to connect to once "
                    + "the endpoint is Ready. Answered for every service: the tier rule (Azure Private Link for production "
                    + "services only) applies when an endpoint is put on the service's allow list.")
    @GetMapping("/services/{serviceId}/privateEndpointConfig")
    Envelope<ServiceEndpointConfig> serviceConfig(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                                  @PathVariable UUID serviceId) {
        caller.requireRead(orgId);
        // one indexed read, no transaction: the endpoint service assigned to the organization there is
        // known to the directory after its first answer (an assignment never changes)
        ServiceLocation service = locations.find(orgId, serviceId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
        String endpointServiceName = directory.assignedServiceName(orgId, service.provider(), service.region());
        return Envelope.ok(new ServiceEndpointConfig(endpointServiceName,
                dnsNames.hostname(service.serviceKey(), service.provider(), service.region()),
                service.provider(), service.region(),
                service.provider() == CloudProvider.AWS ? ServiceHostnames.AWS_PORTS : null,
                service.provider() == CloudProvider.AZURE ? dnsNames.zone(service.provider(), service.region()) : null));
    }

    @Operation(operationId = "getOrganizationPrivateEndpointConfig",
            summary = "Where to point a private endpoint in a region, before any service exists there",
            description = "ClickHouse Cloud's organizationPrivateEndpointConfigGetList: cloud_provider aws or azure, "
                    + "region_id a region code of that provider.")
    @GetMapping("/privateEndpointConfig")
    @Transactional
    Envelope<RegionEndpointConfig> regionConfig(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                                @RequestParam(name = "cloud_provider") String cloudProvider,
                                                @RequestParam(name = "region_id") String regionId) {
        caller.requireRead(orgId);
        organization(orgId);
        CloudProvider provider = CloudProvider.parse(cloudProvider).orElseThrow(() -> ApiException.badRequest(
                "cloud_provider '" + cloudProvider + "' is not supported; expected 'aws' or 'azure'"));
        if (!CloudRegions.isRegion(provider, regionId)) {
            throw ApiException.badRequest("region_id '" + regionId + "' is not " + (provider == CloudProvider.AWS
                    ? "an AWS region code (e.g. us-west-2)" : "an Azure region code (e.g. westus3)"));
        }
        EndpointService endpointService = directory.assign(orgId, provider, regionId);
        return Envelope.ok(new RegionEndpointConfig(endpointService.serviceName(), provider, regionId,
                provider == CloudProvider.AZURE ? dnsNames.zone(provider, regionId) : null));
    }

    @Operation(operationId = "listPrivateEndpoints", summary = "List the organization's registered private endpoints",
            description = "Filter by cloud_provider, region_id, status (Provisioning, WaitingForConnection, "
                    + "PendingAcceptance, Ready, Rejected, Failed, Expired, Deleting) and id: the id as registered, "
                    + "any case. An Azure private endpoint registered by its resource id (which contains slashes) is "
                    + "found with ?id=<URL-encoded resource id>; every registration also has a registrationId, "
                    + "slash-free and stable, that the single-registration paths accept in place of the id. Without "
                    + "pageSize the whole list (up to 1000; a longer one answers 400 asking for pageSize); with "
                    + "pageSize, keyset pages continued with pageToken.")
    @GetMapping("/privateEndpoints")
    @Transactional(readOnly = true)
    Envelope<List<RegistrationView>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                          @RequestParam(name = "cloud_provider", required = false) String cloudProvider,
                                          @RequestParam(name = "region_id", required = false) String regionId,
                                          @RequestParam(required = false) String status,
                                          @RequestParam(required = false) String id,
                                          @RequestParam(required = false) Integer pageSize,
                                          @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        organization(orgId);
        ListWindow window = ListWindow.wholeOrPage(pageSize, pageToken);
        String provider = cloudProvider == null ? null : CloudProvider.parse(cloudProvider).map(CloudProvider::wireName)
                .orElseThrow(() -> ApiException.badRequest("cloud_provider '" + cloudProvider + "' is not supported; expected 'aws' or 'azure'"));
        if (regionId != null && !CloudRegions.isRegion(CloudProvider.AWS, regionId)
                && !CloudRegions.isRegion(CloudProvider.AZURE, regionId)) {
            throw ApiException.badRequest("region_id '" + regionId + "' is not an AWS (e.g. us-west-2) or Azure (e.g. westus3) region code");
        }
        String wantedId = id == null || id.isBlank() ? null : id.strip();
        String wantedStatus = status == null ? null : EndpointStatus.parse(status).map(EndpointStatus::wireName)
                .orElseThrow(() -> ApiException.badRequest("status '" + status + "' is not one of "
                        + java.util.Arrays.toString(EndpointStatus.values())));
        List<EndpointRegistration> page = endpoints.page(orgId, provider, regionId, wantedStatus, wantedId,
                window.after().createdAt(), window.after().uuid(), window.fetchLimit());
        return Pages.envelope(page, window, EndpointRegistration::createdAt, e -> e.id().toString(), listed -> {
            Map<UUID, List<UUID>> attached = allowLists.services(listed.stream().map(EndpointRegistration::id).toList());
            // each endpoint service read once, however many registrations it serves
            Map<UUID, String> serviceNames = new java.util.HashMap<>();
            listed.stream().map(EndpointRegistration::endpointServiceId).filter(java.util.Objects::nonNull).distinct()
                    .forEach(service -> serviceNames.put(service, serviceName(service)));
            return listed.stream().map(e -> view(RegistrationSnapshot.of(e, attached.getOrDefault(e.id(), List.of())), null,
                    serviceNames)).toList();
        });
    }

    @Operation(operationId = "getPrivateEndpoint", summary = "Get a registered private endpoint, with its status, reason and step history",
            description = "endpointId is the id as registered (vpce-…, Azure resourceGuid; any case) or the "
                    + "registration's registrationId. An Azure endpoint registered by its resource id is read by its "
                    + "registrationId, or listed with GET /privateEndpoints?id=<URL-encoded resource id>. "
                    + "With waitFor (one status or several, comma separated, e.g. waitFor=Ready) the answer comes as "
                    + "soon as the registration is in one of them, or when timeout (e.g. 30s, 500ms, PT1M; default "
                    + "30s, at most privatelink.endpoints.max-wait, 60s) has passed, whichever is first; it also comes "
                    + "at once when the registration has settled in another status (Ready, Rejected, Failed, Expired), "
                    + "since a settled registration does not change by itself, unless waitFor names Deleting. "
                    + "The status in the answer tells which happened. A registration removed meanwhile answers 404.")
    @GetMapping("/privateEndpoints/{endpointId}")
    Envelope<RegistrationView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                   @PathVariable String endpointId,
                                   @RequestParam(required = false) String waitFor,
                                   @RequestParam(required = false) String timeout) {
        caller.requireRead(orgId);
        java.util.Optional<StatusWait> wait = StatusWait.parse(waitFor, timeout, properties.maxWait());
        Read read = read(orgId, endpointId);
        if (wait.isEmpty() || wait.get().endsAt(read.view().status())) {
            return Envelope.ok(read.view());
        }
        Instant deadline = Instant.now().plus(wait.get().timeout());
        // no transaction (and so no connection) is held between the reads: only this virtual thread waits
        while (Instant.now().isBefore(deadline)) {
            try (StatusWaits.Waiter waiter = waits.register(read.view().registrationId())) {
                read = read(orgId, endpointId);
                waiter.saw(read.sequence());
                if (wait.get().endsAt(read.view().status())) {
                    return Envelope.ok(read.view());
                }
                waiter.await(Duration.between(Instant.now(), deadline));
            }
        }
        return Envelope.ok(read(orgId, endpointId).view());
    }

    /** A registration as shown, and the number of its last change. */
    private record Read(RegistrationView view, long sequence) {
    }

    /**
     * Two indexed statements, no transaction (at read committed, one would not make them a snapshot either):
     * the registration with its allow-list entries, then its latest workflow with its history.
     */
    private Read read(UUID orgId, String endpointId) {
        RegistrationSnapshot endpoint = snapshots.find(orgId, endpointId)
                .orElseThrow(() -> registrationNotFound(orgId, endpointId));
        List<WorkflowView.HistoryEntry> history = workflows.findLatestFor(endpoint.id())
                .map(WorkflowView::history).orElse(List.of());
        return new Read(view(endpoint, history, Map.of()), endpoint.eventSequence());
    }

    @Operation(operationId = "diagnosePrivateEndpoint", summary = "Check why a private endpoint does not reach a service",
            description = "Runs the troubleshooting checks of the PrivateLink guides, always in this order: "
                    + "registeredInOrganization, onServiceAllowList, connectionState, region, planAndTier, dns and (AWS) "
                    + "securityGroupPorts, then publicAccess, each PASS, WARN or FAIL with what was seen and what to do. "
                    + "onServiceAllowList passes for an endpoint on the service's privateEndpointIds and for an "
                    + "organization-wide one. publicAccess says whether clients are refused because the service's public "
                    + "side is closed (publicEndpointEnabled false, or an empty ipAccessList) and this endpoint does not "
                    + "reach it; with clientIp, whether a client at that address is refused on the public endpoint. An id "
                    + "that is not registered is still diagnosed (registeredInOrganization FAIL; the cloud is asked whether "
                    + "it is connected); an id that is not a valid id of the service's cloud answers 400. endpointId may "
                    + "also be a registrationId (for Azure endpoints registered by resource id).")
    @GetMapping("/services/{serviceId}/privateEndpoints/{endpointId}/diagnosis")
    @Transactional
    Envelope<List<Diagnosis.Check>> diagnose(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                             @PathVariable UUID serviceId, @PathVariable String endpointId,
                                             @Parameter(description = "A client's IPv4 or IPv6 address, to check against "
                                                     + "the service's IP access list", example = "198.51.100.7")
                                             @RequestParam(required = false) String clientIp) {
        caller.requireRead(orgId);
        Organization organization = organization(orgId);
        DatabaseService service = service(orgId, serviceId);
        String id = byRegistrationId(orgId, endpointId).filter(e -> e.provider() == service.provider())
                .map(EndpointRegistration::endpointId)
                .orElseGet(() -> EndpointIds.require(service.provider(), endpointId, "endpointId"));
        return Envelope.ok(diagnosis.run(organization, service, id, clientIp == null ? null : client(clientIp)));
    }

    private static InetAddress client(String clientIp) {
        try {
            IpSource source = IpSource.parse(clientIp);
            if (source.prefix() != source.address().getAddress().length * 8) {
                throw new IllegalArgumentException("a range is not one client's address");
            }
            return source.address();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("clientIp '" + clientIp + "' is not an IP address: " + e.getMessage());
        }
    }

    private RegistrationView view(RegistrationSnapshot e, List<WorkflowView.HistoryEntry> history, Map<UUID, String> serviceNames) {
        String serviceName = e.endpointServiceId() == null ? null
                : serviceNames.containsKey(e.endpointServiceId()) ? serviceNames.get(e.endpointServiceId())
                : serviceName(e.endpointServiceId());
        StatusReason reason = e.statusCode() == null && e.statusMessage() == null ? null
                : new StatusReason(e.statusCode(), e.statusMessage());
        return new RegistrationView(e.endpointId(), e.id(), e.provider(), e.region(), e.description(), e.scope(), e.status(),
                reason, e.connectionState(), serviceName, e.attachedServiceIds(), e.createdAt(), e.updatedAt(), history);
    }

    private String serviceName(UUID endpointServiceId) {
        return directory.serviceName(endpointServiceId).orElse(null);
    }

    private static ApiException registrationNotFound(UUID orgId, String endpointId) {
        return ApiException.notFound("private endpoint '" + endpointId + "' is not registered in organization '" + orgId + "'");
    }

    private java.util.Optional<EndpointRegistration> byRegistrationId(UUID orgId, String value) {
        UUID registrationId;
        try {
            registrationId = UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        return endpoints.findById(registrationId).filter(e -> e.organizationId().equals(orgId));
    }

    private Organization organization(UUID orgId) {
        return organizations.findById(orgId).orElseThrow(() -> Caller.organizationNotFound(orgId));
    }

    private DatabaseService service(UUID orgId, UUID serviceId) {
        return services.findByIdAndOrganizationId(serviceId, orgId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
    }

    @Schema(name = "PrivateEndpointConfig", description = "ClickHouse Cloud's PrivateEndpointConfig, plus where it applies.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceEndpointConfig(String endpointServiceId, String privateDnsHostname, CloudProvider cloudProvider,
                                 String region, List<Integer> requiredPorts, String dnsZone) {
    }

    @Schema(name = "OrganizationCloudRegionPrivateEndpointConfig",
            description = "ClickHouse Cloud's OrganizationCloudRegionPrivateEndpointConfig, plus where it applies.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegionEndpointConfig(String endpointServiceId, CloudProvider cloudProvider, String region, String dnsZone) {
    }

    @Schema(name = "StatusReason")
    record StatusReason(String code, String message) {
    }

    @Schema(name = "PrivateEndpointRegistration", description = "A registered private endpoint and where it stands.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegistrationView(String id, UUID registrationId, CloudProvider cloudProvider, String region, String description,
                            @Schema(description = "SERVICE: allowed on the services whose privateEndpointIds hold it "
                                    + "(attachedServiceIds); ORGANIZATION: allowed on every service of the organization in "
                                    + "its provider and region as well") Scope scope,
                            EndpointStatus status,
                            StatusReason statusReason, String connectionState, String endpointServiceId,
                            @Schema(description = "The services whose allow list (privateEndpointIds) holds it")
                            List<UUID> attachedServiceIds, Instant createdAt, Instant updatedAt,
                            List<WorkflowView.HistoryEntry> history) {
    }
}
