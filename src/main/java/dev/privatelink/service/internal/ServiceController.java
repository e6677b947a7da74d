package dev.privatelink.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.service.ServiceEndpoints;
import dev.privatelink.service.ServiceState;
import dev.privatelink.service.Tier;
import dev.privatelink.web.ApiException;
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
import org.springframework.web.bind.annotation.DeleteMapping;
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

@Tag(name = "Services")
@RestController
@RequestMapping("/v1/organizations/{orgId}/services")
class ServiceController {

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

    @Operation(summary = "List the organization's services")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<ServiceView>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                     @RequestParam(required = false) Integer pageSize,
                                     @RequestParam(required = false) String pageToken) {
        requireOrganization(caller, orgId);
        int size = PageToken.pageSize(pageSize);
        PageToken after = PageToken.decode(pageToken);
        List<DatabaseService> page = services.page(orgId, after.createdAt(), after.uuid(), Limit.of(size + 1));
        return Pages.envelope(page, size, DatabaseService::createdAt, s -> s.id().toString(), this::view);
    }

    @Operation(summary = "Create a service")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Envelope<ServiceView> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @Valid @RequestBody NewService body) {
        caller.requireWrite(orgId);
        requireOrganization(caller, orgId);
        if (!CloudRegions.isRegion(body.provider(), body.region())) {
            throw ApiException.badRequest("region '" + body.region() + "' is not " + article(body.provider()) + " region");
        }
        String name = body.name().strip();
        requireUniqueName(orgId, name);
        DatabaseService service = services.save(
                DatabaseService.create(orgId, name, body.provider(), body.region(), body.tier(), clock.instant()));
        return Envelope.of(201, view(service));
    }

    @Operation(summary = "Get a service")
    @GetMapping("/{serviceId}")
    @Transactional(readOnly = true)
    Envelope<ServiceView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable UUID serviceId,
                              HttpServletResponse response) {
        caller.requireRead(orgId);
        DatabaseService service = find(orgId, serviceId);
        response.setHeader(HttpHeaders.ETAG, ETags.of(service.version()));
        return Envelope.ok(view(service));
    }

    @Operation(summary = "Update a service", description = """
            Rename it, and add or remove private endpoint ids on its allow list (privateEndpointIds.add / .remove,
            removals first). An id the organization has not registered is registered with the service's provider and
            region. Send If-Match with the ETag you read to update only an unchanged service (412 otherwise).""")
    @PatchMapping("/{serviceId}")
    @Transactional
    Envelope<ServiceView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID serviceId,
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody ServicePatch body, HttpServletResponse response) {
        caller.requireWrite(orgId);
        Organization organization = lockOrganization(orgId);
        DatabaseService service = lock(orgId, serviceId);
        ETags.requireMatch(ifMatch, service.version(), "service '" + serviceId + "'");
        if (body.name() != null && !body.name().strip().equals(service.name())) {
            requireUniqueName(orgId, body.name().strip());
            service.rename(body.name().strip(), clock.instant());
        }
        if (body.privateEndpointIds() != null && endpoints.changeAllowList(organization, service,
                body.privateEndpointIds().removals(), body.privateEndpointIds().additions())) {
            service.touch(clock.instant());
        }
        entityManager.flush();
        response.setHeader(HttpHeaders.ETAG, ETags.of(service.version()));
        return Envelope.ok(view(service));
    }

    @Operation(summary = "Register a private endpoint and add it to this service's allow list")
    @PostMapping("/{serviceId}/privateEndpoint")
    @Transactional
    Envelope<ServiceView> addPrivateEndpoint(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                             @PathVariable UUID serviceId, @Valid @RequestBody NewPrivateEndpoint body,
                                             HttpServletResponse response) {
        caller.requireWrite(orgId);
        Organization organization = lockOrganization(orgId);
        DatabaseService service = lock(orgId, serviceId);
        if (endpoints.attach(organization, service, body.id(), body.description())) {
            service.touch(clock.instant());
        }
        entityManager.flush();
        response.setHeader(HttpHeaders.ETAG, ETags.of(service.version()));
        return Envelope.ok(view(service));
    }

    @Operation(summary = "Delete a service")
    @DeleteMapping("/{serviceId}")
    @Transactional
    Envelope<ServiceView> delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID serviceId) {
        caller.requireWrite(orgId);
        DatabaseService service = find(orgId, serviceId);
        ServiceView deleted = view(service);
        service.deleting();
        services.delete(service);
        return Envelope.ok(deleted);
    }

    private DatabaseService find(UUID orgId, UUID serviceId) {
        return services.findByIdAndOrganizationId(serviceId, orgId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
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

    private void requireOrganization(Caller caller, UUID orgId) {
        caller.requireRead(orgId);
        if (organizations.findById(orgId).isEmpty()) {
            throw Caller.organizationNotFound(orgId);
        }
    }

    private void requireUniqueName(UUID orgId, String name) {
        if (services.existsByOrganizationIdAndName(orgId, name)) {
            throw ApiException.conflict("a service named '" + name + "' already exists in this organization");
        }
    }

    private static String article(CloudProvider provider) {
        return provider == CloudProvider.AWS ? "an AWS" : "an Azure";
    }

    record NewService(@NotBlank @Size(max = 200) String name, @NotNull CloudProvider provider,
                      @NotBlank String region, @NotNull Tier tier) {
    }

    private ServiceView view(DatabaseService s) {
        return new ServiceView(s.id(), s.name(), s.provider(), s.region(), s.tier(), s.state(), s.createdAt(),
                endpoints.allowList(s.id()));
    }

    record ServicePatch(@Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
                        @Valid EndpointIdsChange privateEndpointIds) {
    }

    record EndpointIdsChange(@Size(max = 100) List<@NotBlank String> add, @Size(max = 100) List<@NotBlank String> remove) {
        List<String> additions() {
            return add == null ? List.of() : add;
        }

        List<String> removals() {
            return remove == null ? List.of() : remove;
        }
    }

    record NewPrivateEndpoint(@NotBlank String id, @Size(max = 255) String description) {
    }

    record ServiceView(UUID id, String name, CloudProvider provider, String region, Tier tier, ServiceState state,
                       Instant createdAt, List<String> privateEndpointIds) {
    }
}
