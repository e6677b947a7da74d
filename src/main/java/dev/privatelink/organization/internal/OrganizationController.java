package dev.privatelink.organization.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.OrganizationEndpoints.Addition;
import dev.privatelink.organization.OrganizationEndpoints.OrganizationEndpoint;
import dev.privatelink.organization.OrganizationEndpoints.Removal;
import dev.privatelink.organization.OrganizationEndpoints;
import dev.privatelink.organization.Organizations;
import dev.privatelink.organization.Plan;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ETags;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Organizations")
@RestController
@RequestMapping("/v1/organizations")
class OrganizationController {

    private final Organizations organizations;
    private final OrganizationEndpoints endpoints;
    private final EntityManager entityManager;
    private final Clock clock;

    OrganizationController(Organizations organizations, OrganizationEndpoints endpoints, EntityManager entityManager,
                           Clock clock) {
        this.organizations = organizations;
        this.endpoints = endpoints;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Operation(operationId = "listOrganizations", summary = "List organizations", description = """
            Your own organization (ClickHouse Cloud's organizationGetList); every organization for OPERATOR keys.
            Without pageSize the whole list (up to 1000; a longer one answers 400 asking for pageSize); with
            pageSize, keyset pages continued with pageToken = the previous page's nextPageToken.""")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<OrganizationView>> list(@AuthenticationPrincipal Caller caller,
                                          @RequestParam(required = false) Integer pageSize,
                                          @RequestParam(required = false) String pageToken) {
        ListWindow window = ListWindow.wholeOrPage(pageSize, pageToken);
        if (!caller.isOperator()) {
            List<Organization> own = organizations.findById(caller.organizationId())
                    .filter(o -> window.after() == PageToken.FIRST).stream().toList();
            return Pages.envelopeEach(own, window, Organization::createdAt, o -> o.id().toString(), this::view);
        }
        List<Organization> page = organizations.page(window.after().createdAt(), window.after().uuid(),
                Limit.of(window.fetchLimit()));
        return Pages.envelopeEach(page, window, Organization::createdAt, o -> o.id().toString(), this::view);
    }

    @Operation(operationId = "getOrganization", summary = "Get an organization",
            description = "ClickHouse Cloud's organizationGet. The ETag header is what If-Match takes on PATCH.")
    @GetMapping("/{orgId}")
    @Transactional(readOnly = true)
    Envelope<OrganizationView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                   HttpServletResponse response) {
        caller.requireRead(orgId);
        Organization organization = find(orgId);
        response.setHeader(HttpHeaders.ETAG, ETags.of(organization.version()));
        return Envelope.ok(view(organization));
    }

    @Operation(operationId = "createOrganization", summary = "Create an organization (OPERATOR)")
    @PostMapping
    @Transactional
    Envelope<OrganizationView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewOrganization body) {
        caller.requireOperator();
        Organization organization = organizations.save(Organization.create(body.name().strip(), body.plan(), clock.instant()));
        return Envelope.ok(view(organization));
    }

    @Operation(operationId = "updateOrganization", summary = "Update an organization", description = """
            ClickHouse Cloud's organizationUpdate. Rename it; OPERATOR keys may also change the plan. ADMIN keys
            register and remove private endpoints with privateEndpoints.add / privateEndpoints.remove (removals are
            applied first) and set enableCoreDumps. Send If-Match with the ETag you read to update only an unchanged
            organization (412 otherwise). Moving an organization to the BASIC plan keeps its registered AWS private
            endpoints working; new AWS registrations and allow-list additions are then refused (403) and the endpoint
            diagnosis warns (planAndTier WARN).""")
    @PatchMapping("/{orgId}")
    @Transactional
    Envelope<OrganizationView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @Valid @RequestBody OrganizationPatch body, HttpServletResponse response) {
        caller.requireOrganizationAdmin(orgId);
        if (body.privateEndpoints() != null || body.enableCoreDumps() != null) {
            caller.requireWrite(orgId);
        }
        if (body.plan() != null) {
            caller.requireOperator();
        }
        // the row lock serialises concurrent updates of one organization: none is lost
        Organization organization = entityManager.find(Organization.class, orgId, LockModeType.PESSIMISTIC_WRITE);
        if (organization == null) {
            throw Caller.organizationNotFound(orgId);
        }
        ETags.requireMatch(ifMatch, organization.version(), "organization '" + orgId + "'");
        Instant now = clock.instant();
        if (body.name() != null) {
            organization.rename(body.name().strip(), now);
        }
        if (body.plan() != null) {
            organization.changePlan(body.plan(), now);
        }
        if (body.enableCoreDumps() != null) {
            organization.enableCoreDumps(body.enableCoreDumps(), now);
        }
        if (body.privateEndpoints() != null && endpoints.change(organization,
                body.privateEndpoints().removals(), body.privateEndpoints().additions())) {
            entityManager.lock(organization, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        }
        entityManager.flush();
        response.setHeader(HttpHeaders.ETAG, ETags.of(organization.version()));
        return Envelope.ok(view(organization));
    }

    private Organization find(UUID orgId) {
        return organizations.findById(orgId).orElseThrow(() -> Caller.organizationNotFound(orgId));
    }

    private OrganizationView view(Organization o) {
        return new OrganizationView(o.id(), o.name(), o.plan(), o.createdAt(), endpoints.of(o.id()), o.coreDumpsEnabled());
    }

    @Schema(name = "OrganizationPostRequest")
    record NewOrganization(@Schema(example = "acme") @NotBlank @Size(max = 200) String name,
                           @Schema(example = "SCALE") @NotNull Plan plan) {
    }

    @Schema(name = "OrganizationPatchRequest", description = "ClickHouse Cloud's OrganizationPatchRequest, plus plan.")
    record OrganizationPatch(
            @Schema(description = "Kept: the organization's new name, up to 200 characters.", example = "acme")
            @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Schema(description = "Extension, OPERATOR keys only: the organization's plan.") Plan plan,
            @Valid PrivateEndpointsChange privateEndpoints,
            @Schema(description = "Kept (stored and shown on reads): it concerns the databases' crash reports, "
                    + "which this control plane does not collect.") Boolean enableCoreDumps) {
    }

    @Schema(name = "OrganizationPrivateEndpointsPatch", description = "Removals are applied before additions.")
    record PrivateEndpointsChange(
            @Schema(description = "Private endpoints to register with the organization (each is then followed until "
                    + "Ready; see GET …/privateEndpoints/{endpointId}). Applied after remove. ClickHouse Cloud marks "
                    + "it deprecated in favour of the service's privateEndpointIds, which registers too.")
            @Size(max = 100) List<@NotNull @Valid EndpointChange> add,
            @Schema(description = "Private endpoints to remove from the organization (and from every allow list). "
                    + "Applied first; removing an endpoint that is not registered changes nothing.")
            @Size(max = 100) List<@NotNull @Valid EndpointChange> remove) {
        List<Addition> additions() {
            return add == null ? List.of() : add.stream()
                    .map(a -> new Addition(a.cloudProvider(), a.id(), a.description(), a.region())).toList();
        }

        List<Removal> removals() {
            return remove == null ? List.of() : remove.stream()
                    .map(r -> new Removal(r.cloudProvider(), r.id(), r.region())).toList();
        }
    }

    @Schema(name = "OrganizationPatchPrivateEndpoint", description = "One item of privateEndpoints.add or .remove.")
    record EndpointChange(
            @Schema(description = "aws or azure (any case)", example = "aws") @NotNull CloudProvider cloudProvider,
            @Schema(description = "vpce-… (AWS); the private endpoint's resourceGuid or resource id (Azure)",
                    example = "vpce-0a1b2c3d4e5f6a7b8") @NotBlank String id,
            @Schema(description = "Kept on add, up to 255 characters; accepted and ignored on remove.", example = "my VPC")
            @Size(max = 255) String description,
            @Schema(description = "Required on add: the endpoint's region. Optional on remove; when given it must be "
                    + "the registered region.", example = "us-west-2") String region) {
    }

    @Schema(name = "Organization", description = "ClickHouse Cloud's Organization, plus plan.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrganizationView(
            UUID id,
            @Schema(example = "acme") String name,
            @Schema(description = "Extension: the organization's plan; AWS PrivateLink needs SCALE or ENTERPRISE.") Plan plan,
            Instant createdAt,
            List<OrganizationEndpoint> privateEndpoints,
            @Schema(description = "As last set with PATCH (false until then); kept, no core dumps are collected here.")
            boolean enableCoreDumps) {
    }
}
