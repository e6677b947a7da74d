package dev.privatelink.endpoint.feed;

import dev.privatelink.endpoint.AllowListChanged;
import dev.privatelink.endpoint.EndpointScopeChanged;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.service.PublicAccessChanged;
import dev.privatelink.service.ServiceCreated;
import dev.privatelink.service.ServiceDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Moves the feed's version whenever what it shows changes: an endpoint becoming or no longer being
 * Ready, an allow list changing, a Ready endpoint's scope changing, a service coming or going, a
 * service's public side changing. The listeners run synchronously, inside the transaction that made
 * the change, so the version commits (or rolls back) with it.
 */
@Component
class FeedChanges {

    private final FilterVersions versions;

    FeedChanges(FilterVersions versions) {
        this.versions = versions;
    }

    @EventListener
    void on(EndpointStatusChanged change) {
        if (change.changesReadiness()) {
            versions.bumpWhereAllowed(change.registrationId());
        }
    }

    @EventListener
    void on(EndpointScopeChanged change) {
        // its scope decides whether the services of its region that do not list it let it through
        if (change.status() == EndpointStatus.READY) {
            versions.bumpOrganization(change.organizationId(), change.provider(), change.region());
        }
    }

    @EventListener
    void on(AllowListChanged change) {
        versions.bump(change.serviceId(), change.provider(), change.region());
    }

    @EventListener
    void on(ServiceCreated created) {
        versions.bump(created.serviceId(), created.provider(), created.region());
    }

    @EventListener
    void on(PublicAccessChanged change) {
        versions.bump(change.serviceId(), change.provider(), change.region());
    }

    @EventListener
    void on(ServiceDeleted deleted) {
        versions.removed(deleted.serviceId(), deleted.provider(), deleted.region());
    }
}
