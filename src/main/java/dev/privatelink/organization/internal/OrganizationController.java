package dev.privatelink.organization.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.http.HttpStatus;
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
import org.springframework.web.bind.annotation.ResponseStatus;
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

    @Operation(summary = "List organizations", description = "Your own organization; every organization for OPERATOR keys.")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<OrganizationView>> list(@AuthenticationPrincipal Caller caller,
                                          @RequestParam(required = false) Integer pageSize,
                                          @RequestParam(required = false) String pageToken) {
        int size = PageToken.pageSize(pageSize);
        PageToken after = PageToken.decode(pageToken);
        if (!caller.isOperator()) {
            List<Organization> own = organizations.findById(caller.organizationId())
                    .filter(o -> after == PageToken.FIRST).stream().toList();
            return Pages.envelope(own, size, Organization::createdAt, o -> o.id().toString(), this::view);
        }
        List<Organization> page = organizations.page(after.createdAt(), after.uuid(), Limit.of(size + 1));
        return Pages.envelope(page, size, Organization::createdAt, o -> o.id().toString(), this::view);
    }

    @Operation(summary = "Get an organization")
    @GetMapping("/{orgId}")
    @Transactional(readOnly = true)
    Envelope<OrganizationView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                   HttpServletResponse response) {
        caller.requireRead(orgId);
        Organization organization = find(orgId);
        response.setHeader(HttpHeaders.ETAG, ETags.of(organization.version()));
        return Envelope.ok(view(organization));
    }

    @Operation(summary = "Create an organization (OPERATOR)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Envelope<OrganizationView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewOrganization body) {
        caller.requireOperator();
        Organization organization = organizations.save(Organization.create(body.name().strip(), body.plan(), clock.instant()));
        return Envelope.of(201, view(organization));
    }

    @Operation(summary = "Update an organization", description = """
            Rename it; OPERATOR keys may also change the plan. ADMIN keys register and remove private endpoints with
            privateEndpoints.add / privateEndpoints.remove (removals are applied first). Send If-Match with the ETag
            you read to update only an unchanged organization (412 otherwise). Moving an organization to the BASIC plan
            keeps its registered AWS private endpoints working; new AWS registrations and allow-list additions are then
            refused (403) and the endpoint diagnosis warns (planAndTier WARN).""")
    @PatchMapping("/{orgId}")
    @Transactional
    Envelope<OrganizationView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @Valid @RequestBody OrganizationPatch body, HttpServletResponse response) {
        caller.requireOrganizationAdmin(orgId);
        if (body.privateEndpoints() != null) {
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

    record NewOrganization(@NotBlank @Size(max = 200) String name, @NotNull Plan plan) {
    }

    private OrganizationView view(Organization o) {
        return new OrganizationView(o.id(), o.name(), o.plan(), o.createdAt(), endpoints.of(o.id()));
    }

    record OrganizationPatch(@Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
                             Plan plan, @Valid PrivateEndpointsChange privateEndpoints) {
    }

    record PrivateEndpointsChange(@Size(max = 100) List<@NotNull @Valid EndpointToAdd> add,
                                  @Size(max = 100) List<@NotNull @Valid EndpointToRemove> remove) {
        List<Addition> additions() {
            return add == null ? List.of() : add.stream()
                    .map(a -> new Addition(a.cloudProvider(), a.id(), a.description(), a.region())).toList();
        }

        List<Removal> removals() {
            return remove == null ? List.of() : remove.stream()
                    .map(r -> new Removal(r.cloudProvider(), r.id(), r.region())).toList();
        }
    }

    record EndpointToAdd(@NotNull CloudProvider cloudProvider, @NotBlank String id,
                         @Size(max = 255) String description, @NotBlank String region) {
    }

    record EndpointToRemove(@NotNull CloudProvider cloudProvider, @NotBlank String id, String region) {
    }

    record OrganizationView(UUID id, String name, Plan plan, Instant createdAt, List<OrganizationEndpoint> privateEndpoints) {
    }
}
