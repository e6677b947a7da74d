package dev.privatelink.events.audit;

import java.util.List;
import java.util.UUID;

import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit log")
@RestController
class AuditController {

    private final AuditLog log;
    private final Organizations organizations;

    AuditController(AuditLog log, Organizations organizations) {
        this.log = log;
        this.organizations = organizations;
    }

    @Operation(operationId = "organizationAuditLog", summary = "The organization's audit log", description = """
            Every change made through the API in this organization, oldest first: who (keyId and role), when (at),
            the request (requestId, and action: the method and route), the resource (resourceType, resourceId) and the
            fields that changed, before and after. Secrets are never recorded. A request that changes several resources
            has one entry per resource; one whose effect is not a change of a resource's fields has an entry with its
            action and path only. Filter by resourceType (organization, service, privateEndpoint, apiKey, webhook, …) and
            keyId.""")
    @GetMapping("/v1/organizations/{orgId}/auditLog")
    @Transactional(readOnly = true)
    Envelope<List<AuditEntry>> organizationAuditLog(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                               @RequestParam(required = false) String resourceType,
                                               @RequestParam(required = false) String keyId,
                                               @RequestParam(required = false) Integer pageSize,
                                               @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        if (organizations.findById(orgId).isEmpty()) {
            throw Caller.organizationNotFound(orgId);
        }
        return page(orgId, resourceType, keyId, pageSize, pageToken);
    }

    @Operation(operationId = "platformAuditLog", summary = "The audit log of every organization and of the platform's resources (OPERATOR)",
            description = "As the organization's audit log, across organizations; entries about platform resources "
                    + "(endpoint services, workflows, the sandbox's operator controls) have no organizationId. Filter "
                    + "by organizationId, resourceType and keyId.")
    @GetMapping("/v1/operator/auditLog")
    @Transactional(readOnly = true)
    Envelope<List<AuditEntry>> platformAuditLog(@AuthenticationPrincipal Caller caller,
                                           @RequestParam(required = false) UUID organizationId,
                                           @RequestParam(required = false) String resourceType,
                                           @RequestParam(required = false) String keyId,
                                           @RequestParam(required = false) Integer pageSize,
                                           @RequestParam(required = false) String pageToken) {
        caller.requireOperator();
        return page(organizationId, resourceType, keyId, pageSize, pageToken);
    }

    private Envelope<List<AuditEntry>> page(UUID organizationId, String resourceType, String keyId, Integer pageSize,
                                            String pageToken) {
        ListWindow window = ListWindow.page(pageSize, pageToken);
        PageToken after = window.after();
        List<AuditEntry> page = log.page(organizationId, resourceType, keyId, after.createdAt(), after.uuid(), window.fetchLimit());
        return Pages.envelope(page, window, AuditEntry::at, e -> e.id().toString(), e -> e);
    }
}
