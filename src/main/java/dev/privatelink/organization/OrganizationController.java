package dev.privatelink.organization;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.security.Caller;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Organizations")
@RestController
@RequestMapping("/v1/organizations")
class OrganizationController {

    private final Organizations organizations;
    private final Clock clock;

    OrganizationController(Organizations organizations, Clock clock) {
        this.organizations = organizations;
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
            return Pages.envelope(own, size, Organization::createdAt, o -> o.id().toString(), OrganizationView::of);
        }
        List<Organization> page = organizations.page(after.createdAt(), after.uuid(), Limit.of(size + 1));
        return Pages.envelope(page, size, Organization::createdAt, o -> o.id().toString(), OrganizationView::of);
    }

    @Operation(summary = "Get an organization")
    @GetMapping("/{orgId}")
    @Transactional(readOnly = true)
    Envelope<OrganizationView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId) {
        caller.requireRead(orgId);
        return Envelope.ok(OrganizationView.of(find(orgId)));
    }

    @Operation(summary = "Create an organization (OPERATOR)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Envelope<OrganizationView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewOrganization body) {
        caller.requireOperator();
        Organization organization = organizations.save(Organization.create(body.name().strip(), body.plan(), clock.instant()));
        return Envelope.of(201, OrganizationView.of(organization));
    }

    @Operation(summary = "Update an organization", description = "Rename it; OPERATOR keys may also change the plan.")
    @PatchMapping("/{orgId}")
    @Transactional
    Envelope<OrganizationView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                      @Valid @RequestBody OrganizationPatch body) {
        caller.requireOrganizationAdmin(orgId);
        Organization organization = find(orgId);
        Instant now = clock.instant();
        if (body.name() != null) {
            organization.rename(body.name().strip(), now);
        }
        if (body.plan() != null) {
            caller.requireOperator();
            organization.changePlan(body.plan(), now);
        }
        return Envelope.ok(OrganizationView.of(organizations.save(organization)));
    }

    private Organization find(UUID orgId) {
        return organizations.findById(orgId).orElseThrow(() -> Caller.organizationNotFound(orgId));
    }

    record NewOrganization(@NotBlank @Size(max = 200) String name, @NotNull Plan plan) {
    }

    record OrganizationPatch(@Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
                             Plan plan) {
    }

    record OrganizationView(UUID id, String name, Plan plan, Instant createdAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.id(), o.name(), o.plan(), o.createdAt());
        }
    }
}
