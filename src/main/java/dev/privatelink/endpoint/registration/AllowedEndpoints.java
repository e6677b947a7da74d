package dev.privatelink.endpoint.registration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import dev.privatelink.service.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which registered endpoints are allowed on which service: the one rule the data-plane feed, the
 * diagnosis, the service reads and the check before a service's public endpoint is closed all ask. An
 * endpoint is allowed on a service when the service's allow list holds it, or when it is
 * organization-wide: a registration of the service's organization with scope ORGANIZATION, in the
 * service's provider and region, on a service whose tier its provider serves (Azure Private Link:
 * production services only). An allowed endpoint reaches the service while it is Ready.
 * <p>
 * The AWS plan rule is checked when an endpoint is registered (or its scope set), as for allow lists: an
 * organization moved down to BASIC keeps what it registered working, so a plan change never cuts traffic.
 */
@Component
public class AllowedEndpoints {

    /** How an endpoint came to be allowed on a service. */
    public enum Via { ALLOW_LIST, ORGANIZATION }

    /** One endpoint allowed on one service, and where its registration stands. */
    public record Allowed(UUID serviceId, UUID registrationId, String endpointId, EndpointStatus status, Via via) {

        /** Whether it reaches the service now: only a Ready endpoint's traffic is let through. */
        public boolean reaches() {
            return status == EndpointStatus.READY;
        }
    }

    private static final String CANDIDATES = """
            select s.id, s.provider, s.tier, e.id, e.endpoint_id, e.status, 'ALLOW_LIST', l.added_at from service s
            join service_private_endpoint l on l.service_id = s.id
            join private_endpoint e on e.id = l.private_endpoint_id
            where %1$s
            union all
            select s.id, s.provider, s.tier, e.id, e.endpoint_id, e.status, 'ORGANIZATION', e.created_at from service s
            join private_endpoint e on e.organization_id = s.organization_id and e.provider = s.provider
                                   and e.region = s.region and e.scope = 'ORGANIZATION'
            where %1$s
            order by 8, 5""";

    private final JdbcClient jdbc;
    private final AllowLists allowLists;

    AllowedEndpoints(JdbcClient jdbc, AllowLists allowLists) {
        this.jdbc = jdbc;
        this.allowLists = allowLists;
    }

    /** Whether an organization-wide registration of a provider reaches a service of this tier. */
    public static boolean organizationWideAllowedOn(CloudProvider provider, Tier tier) {
        return Eligibility.tierAllows(provider, tier);
    }

    /**
     * For each of several services, the endpoints allowed on it, whatever their status, the allow list's
     * in the order they were added, then the organization-wide ones oldest first (absent: none). An
     * endpoint both on the list and organization-wide is there twice, once per way.
     */
    public Map<UUID, List<Allowed>> on(Collection<UUID> serviceIds) {
        if (serviceIds.isEmpty()) {
            return Map.of();
        }
        return query(CANDIDATES.formatted("s.id in (:services)"), Map.of("services", serviceIds));
    }

    /** {@link #on(Collection)} for one service. */
    public List<Allowed> on(UUID serviceId) {
        return on(List.of(serviceId)).getOrDefault(serviceId, List.of());
    }

    /** {@link #on(Collection)} for every service of a provider and region: what the data-plane feed shows. */
    public Map<UUID, List<Allowed>> inRegion(CloudProvider provider, String region) {
        return query(CANDIDATES.formatted("s.provider = :provider and s.region = :region"),
                Map.of("provider", provider.wireName(), "region", region));
    }

    /**
     * Whether an Azure connection may be approved: Azure Private Link serves production services only, so
     * its endpoint must be allowed on a production service — on its allow list, or, organization-wide, by its
     * organization having a production service in its provider and region (a service created later counts:
     * creating it looks at the waiting registrations again). What the registration workflow asks before it
     * approves.
     */
    public boolean approvable(UUID registrationId) {
        return allowLists.onListOfTier(registrationId, Eligibility.AZURE_TIER) || jdbc.sql("""
                        select exists (select 1 from private_endpoint e
                                       join service s on s.organization_id = e.organization_id and s.provider = e.provider
                                                     and s.region = e.region
                                       where e.id = :endpoint and e.scope = :organizationWide and s.tier = :tier)""")
                .param("endpoint", registrationId).param("tier", Eligibility.AZURE_TIER.name())
                .param("organizationWide", Scope.ORGANIZATION.name())
                .query(Boolean.class).single();
    }

    private Map<UUID, List<Allowed>> query(String sql, Map<String, ?> params) {
        Map<UUID, List<Allowed>> allowed = new LinkedHashMap<>();
        jdbc.sql(sql).params(params).query((rs, n) -> {
            Via via = Via.valueOf(rs.getString(7));
            CloudProvider provider = CloudProvider.parse(rs.getString(2)).orElseThrow();
            if (via == Via.ORGANIZATION && !organizationWideAllowedOn(provider, Tier.valueOf(rs.getString(3)))) {
                return null;
            }
            return new Allowed(rs.getObject(1, UUID.class), rs.getObject(4, UUID.class), rs.getString(5),
                    EndpointStatus.parse(rs.getString(6)).orElseThrow(), via);
        }).list().forEach(a -> {
            if (a != null) {
                allowed.computeIfAbsent(a.serviceId(), id -> new ArrayList<>()).add(a);
            }
        });
        return allowed;
    }
}
