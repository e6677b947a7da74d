package dev.privatelink.endpoint;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.Plan;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.Tier;
import dev.privatelink.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering private endpoints with an organization and putting them on services' allow lists, as
 * the organization and service PATCHes do. Callers hold the organization's row lock (and the
 * service's), so concurrent changes apply one after the other and none is lost.
 */
@Component
public class EndpointRegistrations {

    private final PrivateEndpoints endpoints;
    private final AllowLists allowLists;
    private final FilterVersions filterVersions;
    private final RegistrationRuns runs;
    private final Clock clock;

    EndpointRegistrations(PrivateEndpoints endpoints, AllowLists allowLists, FilterVersions filterVersions,
                          RegistrationRuns runs, Clock clock) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
        this.filterVersions = filterVersions;
        this.runs = runs;
        this.clock = clock;
    }

    /** An endpoint to register, as in {@code privateEndpoints.add[]}. */
    public record Addition(CloudProvider cloudProvider, String id, String description, String region) {
    }

    /** An endpoint to remove, as in {@code privateEndpoints.remove[]}. */
    public record Removal(CloudProvider cloudProvider, String id, String region) {
    }

    /**
     * One registered endpoint as the organization shows it; {@code registrationId} is stable and slash-free,
     * for the paths of an Azure endpoint registered by its resource id.
     */
    public record OrganizationEndpoint(CloudProvider cloudProvider, String id, UUID registrationId, String description,
                                       String region, EndpointStatus status) {
    }

    /**
     * Applies an organization's {@code privateEndpoints} change: removals first, then additions. An id
     * both removed and added starts over as a fresh registration. Removing an id that is not registered
     * changes nothing (a repeated removal succeeds); a removal naming another region than the registered
     * one, or a list naming an id twice, is refused before anything changes.
     *
     * @return whether anything changed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean change(Organization organization, List<Removal> removals, List<Addition> additions) {
        Instant now = clock.instant();
        List<String> removedIds = new ArrayList<>();
        List<String> addedIds = new ArrayList<>();
        for (int i = 0; i < removals.size(); i++) {
            Removal removal = removals.get(i);
            requireRegion(removal.cloudProvider(), removal.region(), "privateEndpoints.remove[" + i + "].region", true);
            removedIds.add(EndpointIds.require(removal.cloudProvider(), removal.id(), "privateEndpoints.remove[" + i + "].id")
                    .toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < additions.size(); i++) {
            Addition addition = additions.get(i);
            requireRegion(addition.cloudProvider(), addition.region(), "privateEndpoints.add[" + i + "].region", false);
            addedIds.add(EndpointIds.require(addition.cloudProvider(), addition.id(), "privateEndpoints.add[" + i + "].id"));
            requirePlan(organization, addition.cloudProvider());
        }
        EndpointIds.requireDistinct(removedIds, "privateEndpoints.remove");
        EndpointIds.requireDistinct(addedIds, "privateEndpoints.add");
        for (int i = 0; i < removals.size(); i++) {
            requireRegisteredRegion(organization.id(), removals.get(i), removedIds.get(i), "privateEndpoints.remove[" + i + "]");
        }
        boolean changed = false;
        Set<String> reAdded = new HashSet<>();
        addedIds.forEach(id -> reAdded.add(id.toLowerCase(Locale.ROOT)));
        for (int i = 0; i < removals.size(); i++) {
            if (!reAdded.contains(removedIds.get(i))) {
                changed |= remove(organization.id(), removals.get(i).cloudProvider(), removedIds.get(i), now);
            }
        }
        Set<String> removedSet = new HashSet<>(removedIds);
        for (int i = 0; i < additions.size(); i++) {
            Addition addition = additions.get(i);
            String id = addedIds.get(i);
            changed |= add(organization.id(), addition, id, removedSet.contains(id.toLowerCase(Locale.ROOT)), now);
        }
        return changed;
    }

    /**
     * Applies a service's {@code privateEndpointIds} change: removals first, then additions. An id the
     * organization has not registered yet is registered with the service's provider and region.
     *
     * @return whether the allow list changed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean changeAllowList(Organization organization, DatabaseService service, List<String> remove, List<String> add) {
        Instant now = clock.instant();
        List<String> toRemove = new ArrayList<>();
        List<String> toAdd = new ArrayList<>();
        for (int i = 0; i < remove.size(); i++) {
            toRemove.add(EndpointIds.require(service.provider(), remove.get(i), "privateEndpointIds.remove[" + i + "]"));
        }
        for (int i = 0; i < add.size(); i++) {
            toAdd.add(EndpointIds.require(service.provider(), add.get(i), "privateEndpointIds.add[" + i + "]"));
        }
        EndpointIds.requireDistinct(toRemove, "privateEndpointIds.remove");
        EndpointIds.requireDistinct(toAdd, "privateEndpointIds.add");
        if (!toAdd.isEmpty()) {
            requireEligible(organization, service);
        }
        boolean changed = false;
        for (String id : toRemove) {
            PrivateEndpoint endpoint = endpoints.lockRegistered(organization.id(), service.provider(), id).orElse(null);
            if (endpoint != null && allowLists.remove(service.id(), endpoint.id())) {
                changed = true;
            }
        }
        for (String id : toAdd) {
            changed |= attach(organization, service, id, null);
        }
        if (changed) {
            filterVersions.bump(service.provider(), service.region());
            service.touch(now);
        }
        return changed;
    }

    /** Registers an endpoint (if new) and puts it on one service's allow list, in one call. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachNew(Organization organization, DatabaseService service, String id, String description) {
        String endpointId = EndpointIds.require(service.provider(), id, "id");
        requireEligible(organization, service);
        if (attach(organization, service, endpointId, description)) {
            filterVersions.bump(service.provider(), service.region());
            service.touch(clock.instant());
        }
    }

    @Transactional(readOnly = true)
    public List<OrganizationEndpoint> ofOrganization(UUID organizationId) {
        return endpoints.findByOrganizationIdOrderByCreatedAtAscIdAsc(organizationId).stream()
                .map(e -> new OrganizationEndpoint(e.provider(), e.endpointId(), e.id(), e.description(), e.region(), e.status()))
                .toList();
    }

    /** The endpoint ids on a service's allow list. */
    @Transactional(readOnly = true)
    public List<String> allowList(UUID serviceId) {
        return allowLists.endpointIds(serviceId);
    }

    /** A service is going away: its allow list goes with it, and the data plane must hear of it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void serviceDeleted(DatabaseService service) {
        filterVersions.bump(service.provider(), service.region());
    }

    private boolean attach(Organization organization, DatabaseService service, String id, String description) {
        Instant now = clock.instant();
        PrivateEndpoint endpoint = endpoints.lockRegistered(organization.id(), service.provider(), id).orElse(null);
        if (endpoint == null) {
            endpoint = endpoints.saveAndFlush(PrivateEndpoint.register(organization.id(), service.provider(), id,
                    service.region(), description, now));
            runs.start(endpoint);
        } else if (endpoint.status() == EndpointStatus.DELETING) {
            throw ApiException.conflict("private endpoint '" + endpoint.endpointId()
                    + "' is being removed from the organization; register it again before adding it to a service");
        } else {
            endpoint.describe(description, now);
        }
        if (!CloudRegions.crossRegionAllowed(service.provider(), endpoint.region(), service.region())) {
            throw ApiException.badRequest("private endpoint '" + endpoint.endpointId() + "' is in " + endpoint.region()
                    + " and service '" + service.name() + "' in " + service.region()
                    + "; cross-region AWS PrivateLink is offered only between these regions: "
                    + String.join(", ", new java.util.TreeSet<>(CloudRegions.awsCrossRegionSources())));
        }
        boolean added = allowLists.add(service.id(), endpoint.id(), now);
        if (added) {
            runs.allowListed(endpoint);
        }
        return added;
    }

    private boolean add(UUID organizationId, Addition addition, String id, boolean removedInSameRequest, Instant now) {
        PrivateEndpoint existing = endpoints.lockRegistered(organizationId, addition.cloudProvider(), id).orElse(null);
        if (existing == null) {
            PrivateEndpoint endpoint = endpoints.saveAndFlush(PrivateEndpoint.register(organizationId,
                    addition.cloudProvider(), id, addition.region(), addition.description(), now));
            runs.start(endpoint);
            return true;
        }
        if (!existing.region().equals(addition.region()) && !removedInSameRequest) {
            throw ApiException.conflict("private endpoint '" + existing.endpointId() + "' is already registered for region "
                    + existing.region() + "; remove it first to register it for " + addition.region());
        }
        if (removedInSameRequest || existing.status() == EndpointStatus.DELETING) {
            boolean wasReady = existing.status() == EndpointStatus.READY;
            existing.restart(addition.description(), now);
            runs.restart(existing);
            if (wasReady) {
                bumpAttached(existing);
            }
            return true;
        }
        existing.describe(addition.description(), now);
        return false;
    }

    private boolean remove(UUID organizationId, CloudProvider provider, String id, Instant now) {
        PrivateEndpoint endpoint = endpoints.lockRegistered(organizationId, provider, id).orElse(null);
        if (endpoint == null || endpoint.status() == EndpointStatus.DELETING) {
            return false; // removing what is not (or no longer) there is already done
        }
        boolean wasReady = endpoint.status() == EndpointStatus.READY;
        endpoint.deleting(now);
        if (wasReady) {
            bumpAttached(endpoint);
        }
        runs.remove(endpoint);
        return true;
    }

    private void bumpAttached(PrivateEndpoint endpoint) {
        filterVersions.bumpWhereListed(endpoint.id());
    }

    private void requireRegisteredRegion(UUID organizationId, Removal removal, String id, String field) {
        if (removal.region() == null) {
            return;
        }
        // locked, not just read: a stale copy in the persistence context would fail the later update
        endpoints.lockRegistered(organizationId, removal.cloudProvider(), id)
                .filter(e -> !e.region().equals(removal.region()))
                .ifPresent(e -> {
                    throw ApiException.badRequest(field + ": private endpoint '" + e.endpointId() + "' is registered for region "
                            + e.region() + ", not " + removal.region() + "; send region " + e.region() + " or leave it out");
                });
    }

    private static void requireRegion(CloudProvider provider, String region, String field, boolean optional) {
        if (provider == null) {
            throw ApiException.badRequest(field.replace(".region", ".cloudProvider") + " is required; expected 'aws' or 'azure'");
        }
        if (region == null && optional) {
            return;
        }
        if (region == null || !CloudRegions.isRegion(provider, region)) {
            throw ApiException.badRequest(field + " '" + region + "' is not " + (provider == CloudProvider.AWS
                    ? "an AWS region code (e.g. us-west-2)" : "an Azure region code (e.g. westus3)"));
        }
    }

    private static void requirePlan(Organization organization, CloudProvider provider) {
        if (provider == CloudProvider.AWS && organization.plan() == Plan.BASIC) {
            throw ApiException.forbidden("AWS PrivateLink needs the SCALE or ENTERPRISE plan; organization '"
                    + organization.name() + "' is on the BASIC plan");
        }
    }

    static void requireEligible(Organization organization, DatabaseService service) {
        requirePlan(organization, service.provider());
        if (service.provider() == CloudProvider.AZURE && service.tier() == Tier.DEVELOPMENT) {
            throw ApiException.badRequest("Azure Private Link is available for Production services only; service '"
                    + service.name() + "' is a DEVELOPMENT service");
        }
    }
}
