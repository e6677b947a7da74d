package dev.privatelink.service.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.OrganizationEndpoints.OrganizationEndpoint;
import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.service.IpAccessEntry;
import dev.privatelink.service.ServiceEndpoints;
import dev.privatelink.service.ServiceEndpoints.ServiceEndpointIds;
import dev.privatelink.service.ServiceState;
import dev.privatelink.service.ServiceTag;
import dev.privatelink.service.Tier;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.ETags;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.FieldNotes;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Services")
@RestController
@RequestMapping("/v1/organizations/{orgId}/services")
class ServiceController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseServices services;
    private final Organizations organizations;
    private final ServiceEndpoints endpoints;
    private final EntityManager entityManager;
    private final Clock clock;

    ServiceController(DatabaseServices services, Organizations organizations, ServiceEndpoints endpoints,
                      EntityManager entityManager, Clock clock) {
        this.services = services;
        this.organizations = organizations;
        this.endpoints = endpoints;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Operation(operationId = "listServices", summary = "List the organization's services", description = """
            ClickHouse Cloud's instanceGetList. filter narrows the list by tags (all must match): tag:<key>=<value>
            or tag:<key>. Without pageSize the whole list (up to 1000; a longer one answers 400 asking for pageSize);
            with pageSize, keyset pages continued with pageToken = the previous page's nextPageToken.""")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<ServiceView>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                     @Parameter(description = "tag:<key>=<value> or tag:<key>; repeat for more (all must match)",
                                             array = @ArraySchema(schema = @Schema(example = "tag:Environment=production")))
                                     @RequestParam(required = false) List<String> filter,
                                     @RequestParam(required = false) Integer pageSize,
                                     @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        Organization organization = organization(orgId);
        ListWindow window = ListWindow.wholeOrPage(pageSize, pageToken);
        List<DatabaseService> page = services.page(orgId, TagFilter.parse(filter), window.after().createdAt(),
                window.after().uuid(), window.fetchLimit());
        return Pages.envelope(page, window, DatabaseService::createdAt, s -> s.id().toString(),
                listed -> views(organization, listed));
    }

    @Operation(operationId = "createService", summary = "Create a service", description = """
            ClickHouse Cloud's instanceCreate: the answer is {service} (no password: this control plane runs no
            database, so there is none to hand out). Every field of ClickHouse's ServicePostRequest is accepted; each
            field's description says whether it is kept or ignored. A field in neither answers 400.""")
    @PostMapping
    @Transactional
    Envelope<ServicePostResponse> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                         @Valid @RequestBody ServicePostRequest body) {
        caller.requireWrite(orgId);
        Organization organization = lockOrganization(orgId);
        if (!CloudRegions.isRegion(body.provider(), body.region())) {
            throw ApiException.badRequest("region '" + body.region() + "' is not " + article(body.provider()) + " region");
        }
        String name = body.name().strip();
        requireUniqueName(orgId, name);
        DatabaseService service = services.saveAndFlush(DatabaseService.create(orgId, name, body.provider(), body.region(),
                body.tier() == null ? Tier.PRODUCTION : body.tier(), orEmpty(body.ipAccessList()), orEmpty(body.tags()),
                clock.instant()));
        if (body.privateEndpointIds() != null && !body.privateEndpointIds().isEmpty()) {
            endpoints.changeAllowList(organization, service, List.of(), body.privateEndpointIds());
        }
        return Envelope.ok(new ServicePostResponse(view(organization, service)));
    }

    @Operation(operationId = "getService", summary = "Get a service",
            description = "ClickHouse Cloud's instanceGet. The ETag header is what If-Match takes on PATCH.")
    @GetMapping("/{serviceId}")
    @Transactional(readOnly = true)
    Envelope<ServiceView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable UUID serviceId,
                              HttpServletResponse response) {
        caller.requireRead(orgId);
        DatabaseService service = find(orgId, serviceId);
        response.setHeader(HttpHeaders.ETAG, ETags.of(service.version()));
        return Envelope.ok(view(organization(orgId), service));
    }

    @Operation(operationId = "updateService", summary = "Update a service", description = """
            ClickHouse Cloud's instanceUpdate. Rename it; add or remove private endpoint ids on its allow list
            (privateEndpointIds.add / .remove), IP access list entries (ipAccessList) and tags; in each, removals are
            applied first, so an id or entry in both ends up present. An id the organization has not registered is
            registered with the service's provider and region. Send If-Match with the ETag you read to update only an
            unchanged service (412 otherwise).""")
    @PatchMapping("/{serviceId}")
    @Transactional
    Envelope<ServiceView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID serviceId,
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody ServicePatchRequest body, HttpServletResponse response) {
        caller.requireWrite(orgId);
        Organization organization = lockOrganization(orgId);
        DatabaseService service = lock(orgId, serviceId);
        ETags.requireMatch(ifMatch, service.version(), "service '" + serviceId + "'");
        Instant now = clock.instant();
        if (body.name() != null && !body.name().strip().equals(service.name())) {
            requireUniqueName(orgId, body.name().strip());
            service.rename(body.name().strip(), now);
        }
        if (body.ipAccessList() != null) {
            service.changeIpAccessList(orEmpty(body.ipAccessList().remove()), orEmpty(body.ipAccessList().add()), now);
        }
        if (body.tags() != null) {
            service.changeTags(orEmpty(body.tags().remove()), orEmpty(body.tags().add()), now);
        }
        if (body.privateEndpointIds() != null && endpoints.changeAllowList(organization, service,
                orEmpty(body.privateEndpointIds().remove()), orEmpty(body.privateEndpointIds().add()))) {
            service.touch(now);
        }
        entityManager.flush();
        response.setHeader(HttpHeaders.ETAG, ETags.of(service.version()));
        return Envelope.ok(view(organization, service));
    }

    @Operation(operationId = "createServicePrivateEndpoint",
            summary = "Register a private endpoint and add it to this service's allow list", description = """
            ClickHouse Cloud's instancePrivateEndpointCreate: registers the endpoint with the organization (if it is
            not registered yet) in the service's provider and region, puts it on the service's allow list and answers
            the registered endpoint. The Azure Private Link rule (production services only) and the AWS plan rule
            apply.""")
    @PostMapping("/{serviceId}/privateEndpoint")
    @Transactional
    Envelope<OrganizationEndpoint> addPrivateEndpoint(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                                      @PathVariable UUID serviceId,
                                                      @Valid @RequestBody ServicePrivateEndpointPostRequest body) {
        caller.requireWrite(orgId);
        Organization organization = lockOrganization(orgId);
        DatabaseService service = lock(orgId, serviceId);
        ServiceEndpoints.Attachment attachment = endpoints.attach(organization, service, body.id(), body.givenDescription());
        if (attachment.changed()) {
            service.touch(clock.instant());
        }
        entityManager.flush();
        return Envelope.ok(attachment.endpoint());
    }

    @Operation(operationId = "deleteService", summary = "Delete a service", description = """
            ClickHouse Cloud's instanceDelete. The service, its allow list and its private DNS name are gone at
            once; result is the service as it was (an extension: ClickHouse answers {status, requestId} only).""")
    @DeleteMapping("/{serviceId}")
    @Transactional
    Envelope<ServiceView> delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID serviceId) {
        caller.requireWrite(orgId);
        DatabaseService service = find(orgId, serviceId);
        ServiceView deleted = view(organization(orgId), service);
        service.deleting();
        services.delete(service);
        return Envelope.ok(deleted);
    }

    private DatabaseService find(UUID orgId, UUID serviceId) {
        return services.findByIdAndOrganizationId(serviceId, orgId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
    }

    private Organization organization(UUID orgId) {
        return organizations.findById(orgId).orElseThrow(() -> Caller.organizationNotFound(orgId));
    }

    private Organization lockOrganization(UUID orgId) {
        Organization organization = entityManager.find(Organization.class, orgId, LockModeType.PESSIMISTIC_WRITE);
        if (organization == null) {
            throw Caller.organizationNotFound(orgId);
        }
        return organization;
    }

    private DatabaseService lock(UUID orgId, UUID serviceId) {
        DatabaseService service = entityManager.find(DatabaseService.class, serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (service == null || !service.organizationId().equals(orgId)) {
            throw ApiException.notFound("service '" + serviceId + "' not found");
        }
        return service;
    }

    private void requireUniqueName(UUID orgId, String name) {
        if (services.existsByOrganizationIdAndName(orgId, name)) {
            throw ApiException.conflict("a service named '" + name + "' already exists in this organization");
        }
    }

    private static String article(CloudProvider provider) {
        return provider == CloudProvider.AWS ? "an AWS" : "an Azure";
    }

    private static <T> List<T> orEmpty(List<T> items) {
        return items == null ? List.of() : items;
    }

    private ServiceView view(Organization organization, DatabaseService service) {
        return view(service, endpoints.endpointIds(organization, service));
    }

    private List<ServiceView> views(Organization organization, List<DatabaseService> listed) {
        Map<UUID, ServiceEndpointIds> ids = endpoints.endpointIds(organization, listed);
        return listed.stream().map(s -> view(s, ids.get(s.id()))).toList();
    }

    private static ServiceView view(DatabaseService s, ServiceEndpointIds ids) {
        return new ServiceView(s.id(), s.name(), s.provider(), s.region(), s.tier(), s.state(), s.createdAt(),
                ids.attached(), ids.available(), s.ipAccessList(), s.tags(), false);
    }

    /** The services list's {@code filter}: tags as the JSON array PostgreSQL's {@code @>} matches against. */
    static final class TagFilter {

        private TagFilter() {
        }

        static String parse(List<String> filters) {
            List<Map<String, String>> wanted = orEmpty(filters).stream().filter(f -> !f.isBlank()).map(TagFilter::tag).toList();
            return JSON.writeValueAsString(wanted);
        }

        private static Map<String, String> tag(String filter) {
            String tag = filter.strip();
            if (!tag.startsWith("tag:") || tag.length() == 4) {
                throw ApiException.badRequest("filter '" + filter + "' is not supported; expected tag:<key>=<value> or tag:<key>");
            }
            int equals = tag.indexOf('=');
            return equals < 0 ? Map.of("key", tag.substring(4))
                    : Map.of("key", tag.substring(4, equals), "value", tag.substring(equals + 1));
        }
    }

    @Schema(name = "ServicePostRequest", description = """
            ClickHouse Cloud's ServicePostRequest. Kept: name, provider, region, tier, ipAccessList (not yet enforced),
            privateEndpointIds (takes effect), tags. Every other field configures the database itself and is accepted
            and ignored.""")
    record ServicePostRequest(
            @Schema(description = "Kept. Unique in the organization; 1 to 50 characters.", example = "analytics")
            @NotBlank @Size(max = 50) String name,
            @Schema(description = "Kept: aws or azure (any case).", example = "aws") @NotNull CloudProvider provider,
            @Schema(description = "Kept: a region code of the provider.", example = "us-west-2") @NotBlank String region,
            @Schema(description = "Kept; production when absent. Accepted in any case (PRODUCTION, production). Azure "
                    + "Private Link serves production services only.") Tier tier,
            @ArraySchema(arraySchema = @Schema(description = FieldNotes.KEPT_NOT_ENFORCED))
            @Size(max = 500) List<@NotNull @Valid IpAccessEntry> ipAccessList,
            @Schema(description = FieldNotes.IGNORED, deprecated = true) BigDecimal minTotalMemoryGb,
            @Schema(description = FieldNotes.IGNORED, deprecated = true) BigDecimal maxTotalMemoryGb,
            @Schema(description = FieldNotes.IGNORED, allowableValues = {"vertical", "horizontal"})
            @Pattern(regexp = "vertical|horizontal") String autoscalingMode,
            @Schema(description = FieldNotes.IGNORED) BigDecimal minReplicaMemoryGb,
            @Schema(description = FieldNotes.IGNORED) BigDecimal maxReplicaMemoryGb,
            @Schema(description = FieldNotes.IGNORED) Integer numReplicas,
            @Schema(description = FieldNotes.IGNORED) Integer minReplicas,
            @Schema(description = FieldNotes.IGNORED) Integer maxReplicas,
            @Schema(description = FieldNotes.IGNORED) Boolean idleScaling,
            @Schema(description = FieldNotes.IGNORED) BigDecimal idleTimeoutMinutes,
            @Schema(description = FieldNotes.IGNORED + " Services here belong to no data warehouse.")
            @JsonProperty("isReadonly") Boolean isReadonly,
            @Schema(description = FieldNotes.IGNORED + " Services here belong to no data warehouse.") String dataWarehouseId,
            @Schema(description = FieldNotes.IGNORED) UUID backupId,
            @Schema(description = FieldNotes.IGNORED) String encryptionKey,
            @Schema(description = FieldNotes.IGNORED) String encryptionAssumedRoleIdentifier,
            @ArraySchema(arraySchema = @Schema(description = "Kept, and it takes effect: the endpoints are registered (if "
                    + "new) and put on the new service's allow list, as PATCH privateEndpointIds.add does. ClickHouse "
                    + "Cloud marks it deprecated.", deprecated = true))
            @Size(max = 100) List<@NotBlank String> privateEndpointIds,
            @Schema(description = FieldNotes.IGNORED) Boolean privatePreviewTermsChecked,
            @Schema(description = FieldNotes.IGNORED, allowableValues = {"slow", "default", "fast"})
            @Pattern(regexp = "slow|default|fast") String releaseChannel,
            @Schema(description = FieldNotes.IGNORED) String byocId,
            @Schema(description = FieldNotes.IGNORED) Boolean hasTransparentDataEncryption,
            @ArraySchema(arraySchema = @Schema(description = FieldNotes.IGNORED))
            List<@NotNull @Valid ServiceEndpointChange> endpoints,
            @Schema(description = FieldNotes.IGNORED, allowableValues = {"v1-default", "v1-highmem-xs", "v1-highmem-s",
                    "v1-highmem-m", "v1-highmem-l", "v1-highmem-xl"})
            @Pattern(regexp = "v1-default|v1-highmem-(xs|s|m|l|xl)") String profile,
            @Schema(description = FieldNotes.IGNORED, allowableValues = {"hipaa", "pci"})
            @Pattern(regexp = "hipaa|pci") String complianceType,
            @ArraySchema(arraySchema = @Schema(description = "Kept: at most 50; the services list's filter matches them."))
            @Size(max = DatabaseService.MAX_TAGS) List<@NotNull @Valid ServiceTag> tags,
            @Schema(description = FieldNotes.IGNORED) Boolean enableCoreDumps) {
    }

    @Schema(name = "ServiceEndpointChange", description = "A database protocol endpoint to enable or disable.")
    record ServiceEndpointChange(
            @Schema(allowableValues = "mysql", example = "mysql") @Pattern(regexp = "mysql") String protocol,
            Boolean enabled) {
    }

    @Schema(name = "ServicePatchRequest", description = """
            ClickHouse Cloud's ServicePatchRequest. Kept: name, ipAccessList (not yet enforced), privateEndpointIds
            (takes effect), tags. releaseChannel, endpoints, transparentDataEncryptionKeyId and enableCoreDumps
            configure the database itself and are accepted and ignored.""")
    record ServicePatchRequest(
            @Schema(description = "Kept. Unique in the organization; 1 to 50 characters.", example = "analytics")
            @Size(max = 50) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Valid IpAccessListPatch ipAccessList,
            @Valid InstancePrivateEndpointsPatch privateEndpointIds,
            @Schema(description = FieldNotes.IGNORED, allowableValues = {"slow", "default", "fast"})
            @Pattern(regexp = "slow|default|fast") String releaseChannel,
            @ArraySchema(arraySchema = @Schema(description = FieldNotes.IGNORED))
            List<@NotNull @Valid ServiceEndpointChange> endpoints,
            @Schema(description = FieldNotes.IGNORED) String transparentDataEncryptionKeyId,
            @Valid InstanceTagsPatch tags,
            @Schema(description = FieldNotes.IGNORED) Boolean enableCoreDumps) {
    }

    @Schema(name = "IpAccessListPatch", description = FieldNotes.KEPT_NOT_ENFORCED + " Entries are matched by source; "
            + "removals are applied first, and adding a listed source replaces its description.")
    record IpAccessListPatch(@Size(max = 500) List<@NotNull @Valid IpAccessEntry> add,
                             @Size(max = 500) List<@NotNull @Valid IpAccessEntry> remove) {
    }

    @Schema(name = "InstanceTagsPatch", description = "Tags are matched by key; removals are applied first, and adding a "
            + "present key replaces its value. A service carries at most 50 tags.")
    record InstanceTagsPatch(@Size(max = DatabaseService.MAX_TAGS) List<@NotNull @Valid ServiceTag> add,
                             @Size(max = DatabaseService.MAX_TAGS) List<@NotNull @Valid ServiceTag> remove) {
    }

    @Schema(name = "InstancePrivateEndpointsPatch", description = """
            Endpoint ids to take off (remove, applied first) and put on (add) the service's allow list; an id in both
            ends up on it. Adding an id the organization has not registered registers it in the service's provider and
            region.""")
    record InstancePrivateEndpointsPatch(
            @ArraySchema(schema = @Schema(example = "vpce-0a1b2c3d4e5f6a7b8")) @Size(max = 100) List<@NotBlank String> add,
            @ArraySchema(schema = @Schema(example = "vpce-0a1b2c3d4e5f6a7b8")) @Size(max = 100) List<@NotBlank String> remove) {
    }

    @Schema(name = "ServicePrivateEndpointPostRequest",
            description = "ClickHouse Cloud's ServicPrivateEndpointePostRequest (sic).")
    record ServicePrivateEndpointPostRequest(
            @Schema(description = "vpce-… (AWS); the private endpoint's resourceGuid or resource id (Azure)",
                    example = "vpce-0a1b2c3d4e5f6a7b8") @NotBlank String id,
            @Schema(description = "Kept, up to 255 characters; empty means none (clickhousectl sends \"\" when it is "
                    + "given no description), so an endpoint's description is not wiped.", example = "my VPC")
            @Size(max = 255) String description) {

        String givenDescription() {
            return description == null || description.isBlank() ? null : description;
        }
    }

    @Schema(name = "ServicePostResponse", description = """
            ClickHouse Cloud's ServicePostResponse without password: this control plane runs no database, so it has
            no password to hand out (and never invents one).""")
    record ServicePostResponse(ServiceView service) {
    }

    @Schema(name = "Service", description = """
            ClickHouse Cloud's Service, with the fields this control plane can state truthfully. Left out: the fields
            about running the database (autoscalingMode, currentScaling, scaling and idle settings, endpoints,
            clickhouseVersion, encryption, releaseChannel, …), which ClickHouse's schema partly requires.""")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceView(
            UUID id,
            @Schema(example = "analytics") String name,
            @Schema(example = "aws") CloudProvider provider,
            @Schema(example = "us-west-2") String region,
            Tier tier,
            @Schema(description = "Always running: services are not started or stopped through this API.")
            ServiceState state,
            Instant createdAt,
            @ArraySchema(arraySchema = @Schema(description = "The private endpoints on the service's allow list"))
            List<String> privateEndpointIds,
            @ArraySchema(arraySchema = @Schema(description = """
                    The organization's registered private endpoints in the service's provider and region that are not
                    on its allow list and may be added (none when the plan or the tier allows no private endpoint)."""))
            List<String> availablePrivateEndpointIds,
            @ArraySchema(arraySchema = @Schema(description = FieldNotes.KEPT_NOT_ENFORCED)) List<IpAccessEntry> ipAccessList,
            List<ServiceTag> tags,
            @Schema(description = "Always false: services here belong to no data warehouse (there is no "
                    + "dataWarehouseId) and own no backups; ClickHouse's clients read it before asking for a warehouse's "
                    + "backup configuration, which does not exist here.") @JsonProperty("isPrimary") boolean isPrimary) {
    }
}
