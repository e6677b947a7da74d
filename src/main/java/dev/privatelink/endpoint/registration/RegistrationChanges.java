package dev.privatelink.endpoint.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.OrganizationEndpoints;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.ServiceEndpoints;
import dev.privatelink.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering private endpoints with an organization and putting them on services' allow lists, as
 * the organization and service APIs ask ({@link OrganizationEndpoints}, {@link ServiceEndpoints}).
 * Callers hold the organization's row lock (and the service's), so concurrent changes apply one after
 * the other and none is lost. Every request is validated whole before anything changes.
 */
@Component
class RegistrationChanges implements OrganizationEndpoints, ServiceEndpoints {

    private final EndpointRegistrations registrations;
    private final AllowLists allowLists;
    private final AllowedEndpoints allowed;
    private final RegistrationRuns runs;
    private final AllowListChanges allowListChanges;
    private final Clock clock;
    private final JdbcClient jdbc;

    RegistrationChanges(EndpointRegistrations registrations, AllowLists allowLists, AllowedEndpoints allowed,
                        RegistrationRuns runs, AllowListChanges allowListChanges, Clock clock, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.registrations = registrations;
        this.allowLists = allowLists;
        this.allowed = allowed;
        this.runs = runs;
        this.allowListChanges = allowListChanges;
        this.clock = clock;
    }

    /**
     * An id both removed and added starts over as a fresh registration. Removing an id that is not
     * registered changes nothing (a repeated removal succeeds); a removal naming another region than the
     * registered one, or a list naming an id twice, is refused before anything changes.
     */
    @Override
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
            Eligibility.requirePlan(organization, addition.cloudProvider());
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
     * Read as plain rows, not as aggregates: the organization's answer embeds every registration, and
     * loading thousands of entities (with their dirty-checking snapshots) cost it most of its time.
     */
    @Override
    @Transactional(readOnly = true)
    public List<OrganizationEndpoint> of(UUID organizationId) {
        return jdbc.sql("""
                        select provider, endpoint_id, id, description, region, status, scope from private_endpoint
                        where organization_id = :org order by created_at, id""")
                .param("org", organizationId)
                .query((rs, n) -> new OrganizationEndpoint(CloudProvider.parse(rs.getString(1)).orElseThrow(), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                        Scope.valueOf(rs.getString(7))))
                .list();
    }

    /**
     * A service's available endpoints: the organization's registrations in its provider and region that
     * are not on its list and not being removed, none when the plan or tier allows no private endpoint
     * on it (the same rule as attaching); and the organization-wide ones allowed on it, not being removed
     * ({@link AllowedEndpoints}). Three queries for any number of services: a list reads them all.
     */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, ServiceEndpointIds> endpointIds(Organization organization, List<DatabaseService> services) {
        if (services.isEmpty()) {
            return Map.of();
        }
        List<UUID> serviceIds = services.stream().map(DatabaseService::id).toList();
        Map<UUID, List<String>> lists = allowLists.endpointIds(serviceIds);
        Map<UUID, List<String>> notListed = allowLists.notListed(serviceIds);
        Map<UUID, List<AllowedEndpoints.Allowed>> allowedOn = allowed.on(serviceIds);
        Map<UUID, ServiceEndpointIds> ids = new HashMap<>();
        for (DatabaseService service : services) {
            List<String> attached = lists.getOrDefault(service.id(), List.of());
            List<String> available = Eligibility.allows(organization, service)
                    ? notListed.getOrDefault(service.id(), List.of()) : List.of();
            List<String> organizationWide = allowedOn.getOrDefault(service.id(), List.of()).stream()
                    .filter(a -> a.via() == AllowedEndpoints.Via.ORGANIZATION && a.status() != EndpointStatus.DELETING)
                    .map(AllowedEndpoints.Allowed::endpointId).toList();
            ids.put(service.id(), new ServiceEndpointIds(attached, available, organizationWide));
        }
        return ids;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean reachablePrivately(Organization organization, DatabaseService service) {
        return allowed.on(service.id()).stream().anyMatch(AllowedEndpoints.Allowed::reaches);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean changeAllowList(Organization organization, DatabaseService service, List<String> remove, List<String> add) {
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
            Eligibility.requireEligible(organization, service);
        }
        List<String> removed = new ArrayList<>();
        for (String id : toRemove) {
            EndpointRegistration endpoint = registrations.lockRegistered(organization.id(), service.provider(), id).orElse(null);
            if (endpoint != null && allowLists.remove(service.id(), endpoint.id())) {
                removed.add(endpoint.endpointId());
            }
        }
        List<String> added = new ArrayList<>();
        for (String id : toAdd) {
            Placed placed = putOnAllowList(organization, service, id, null);
            if (placed.added()) {
                added.add(placed.endpoint().endpointId());
            }
        }
        return allowListChanges.announce(service, added, removed);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Attachment attach(Organization organization, DatabaseService service, String id, String description) {
        String endpointId = EndpointIds.require(service.provider(), id, "id");
        Eligibility.requireEligible(organization, service);
        Placed placed = putOnAllowList(organization, service, endpointId, description);
        boolean changed = allowListChanges.announce(service,
                placed.added() ? List.of(placed.endpoint().endpointId()) : List.of(), List.of());
        return new Attachment(view(placed.endpoint()), changed);
    }

    private static OrganizationEndpoint view(EndpointRegistration e) {
        return new OrganizationEndpoint(e.provider(), e.endpointId(), e.id(), e.description(), e.region(),
                e.status().wireName(), e.scope());
    }

    /** @param added whether the endpoint was not on the list before */
    private record Placed(EndpointRegistration endpoint, boolean added) {
    }

    private Placed putOnAllowList(Organization organization, DatabaseService service, String id, String description) {
        Instant now = clock.instant();
        EndpointRegistration endpoint = registrations.lockRegistered(organization.id(), service.provider(), id).orElse(null);
        if (endpoint == null) {
            endpoint = registrations.saveAndFlush(EndpointRegistration.register(organization.id(), service.provider(), id,
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
                    + String.join(", ", new TreeSet<>(CloudRegions.awsCrossRegionSources())));
        }
        if (!allowLists.add(service.id(), endpoint.id(), now)) {
            return new Placed(endpoint, false);
        }
        runs.allowListed(endpoint);
        return new Placed(endpoint, true);
    }

    /**
     * Registers a new endpoint, or changes a registered one: its description, and its scope (a change of
     * scope moves the feed, and an Azure connection waiting for approval is looked at again: being
     * organization-wide may make it approvable).
     */
    private boolean add(UUID organizationId, Addition addition, String id, boolean removedInSameRequest, Instant now) {
        EndpointRegistration existing = registrations.lockRegistered(organizationId, addition.cloudProvider(), id).orElse(null);
        if (existing == null) {
            EndpointRegistration endpoint = registrations.saveAndFlush(EndpointRegistration.register(organizationId,
                    addition.cloudProvider(), id, addition.region(), addition.description(), addition.scope(), now));
            runs.start(endpoint);
            return true;
        }
        if (!existing.region().equals(addition.region()) && !removedInSameRequest) {
            throw ApiException.conflict("private endpoint '" + existing.endpointId() + "' is already registered for region "
                    + existing.region() + "; remove it first to register it for " + addition.region());
        }
        if (removedInSameRequest || existing.status() == EndpointStatus.DELETING) {
            existing.restart(addition.description(), now);
            existing.changeScope(addition.scope(), now);
            registrations.save(existing);
            runs.restart(existing);
            return true;
        }
        existing.describe(addition.description(), now);
        if (!existing.changeScope(addition.scope(), now)) {
            return false;
        }
        registrations.save(existing); // publishes the scope change
        runs.allowListed(existing);
        return true;
    }

    private boolean remove(UUID organizationId, CloudProvider provider, String id, Instant now) {
        EndpointRegistration endpoint = registrations.lockRegistered(organizationId, provider, id).orElse(null);
        if (endpoint == null) {
            return false; // removing what is not (or no longer) there is already done
        }
        if (endpoint.status() == EndpointStatus.DELETING) {
            if (runs.removing(endpoint)) {
                return false; // being removed: already under way
            }
            // its removal was stopped (cancelled by the operator, or stuck): removing it again resumes it
            endpoint.removalResumed("removed again by its organization", now);
            registrations.save(endpoint);
            runs.resumeRemoval(endpoint);
            return true;
        }
        endpoint.deleting(now);
        registrations.save(endpoint);
        runs.remove(endpoint);
        return true;
    }

    private void requireRegisteredRegion(UUID organizationId, Removal removal, String id, String field) {
        if (removal.region() == null) {
            return;
        }
        // locked, not just read: a stale copy in the persistence context would fail the later update
        registrations.lockRegistered(organizationId, removal.cloudProvider(), id)
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
        if (region == null) {
            throw ApiException.badRequest(field + " must not be blank");
        }
        if (!CloudRegions.isRegion(provider, region)) {
            throw ApiException.badRequest(field + " '" + region + "' is not " + (provider == CloudProvider.AWS
                    ? "an AWS region code (e.g. us-west-2)" : "an Azure region code (e.g. westus3)"));
        }
    }
}
