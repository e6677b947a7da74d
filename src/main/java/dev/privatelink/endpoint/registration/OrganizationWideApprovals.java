package dev.privatelink.endpoint.registration;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import dev.privatelink.service.ServiceCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A service created after an organization-wide Azure registration: the registration may have been waiting
 * (PendingAcceptance) for a production service in its region to be approved ({@link AllowedEndpoints#approvable}).
 * It is looked at again now, in the creating transaction, so that no other call is needed.
 */
@Component
class OrganizationWideApprovals {

    private final EndpointRegistrations registrations;
    private final RegistrationRuns runs;

    OrganizationWideApprovals(EndpointRegistrations registrations, RegistrationRuns runs) {
        this.registrations = registrations;
        this.runs = runs;
    }

    @EventListener
    void on(ServiceCreated created) {
        if (!Eligibility.approvalNeedsAllowList(created.provider())
                || !AllowedEndpoints.organizationWideAllowedOn(created.provider(), created.tier())) {
            return;
        }
        registrations.lockInRegion(created.organizationId(), created.provider(), created.region(), Scope.ORGANIZATION,
                EndpointStatus.PENDING_ACCEPTANCE).forEach(runs::allowListed);
    }
}
