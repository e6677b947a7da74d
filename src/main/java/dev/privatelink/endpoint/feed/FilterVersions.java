package dev.privatelink.endpoint.feed;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The version of the data-plane allow-list feed per provider and region. Every change to what the
 * feed shows moves it in the same transaction ({@link FeedChanges}), so a proxy holding version N has
 * exactly what N meant.
 *
 * <p>No row is shared by every change of a region: a change bumps the version row of each service
 * whose allow list it touched (row-locked per service only), and the region's own row moves only when
 * a service leaves the feed, by that service's version + 1. The feed's version is the region row plus
 * the sum of its services' rows, so it rises with every committed change, in commit order (each
 * service's row increments under its lock), and never returns to an earlier value.
 */
@Component
class FilterVersions {

    private final JdbcClient jdbc;

    FilterVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks a service's allow list changed (call inside the changing transaction). The version rows
     * are written just before the commit, all together and in one order: taking them last keeps a
     * change of several services and a workflow's commit from locking in crossed order (a deadlock),
     * and a service changed many times in one transaction (a batch) moves only once.
     */
    void bump(UUID serviceId, CloudProvider provider, String region) {
        Map<UUID, String[]> pending = pending();
        if (pending == null) {
            write(serviceId, provider.wireName(), region);
        } else {
            pending.put(serviceId, new String[] {provider.wireName(), region});
        }
    }

    /**
     * Bumps the version of every service on which this registration is allowed: those whose allow list
     * holds it, and, when it is organization-wide, every service of its organization in its provider and region.
     */
    void bumpWhereAllowed(UUID endpointId) {
        jdbc.sql("""
                        select s.id, s.provider, s.region from service s
                        where s.id in (select l.service_id from service_private_endpoint l where l.private_endpoint_id = :endpoint)
                           or exists (select 1 from private_endpoint e
                                      where e.id = :endpoint and e.scope = :organizationWide and e.organization_id = s.organization_id
                                        and e.provider = s.provider and e.region = s.region)""")
                .param("endpoint", endpointId).param("organizationWide", Scope.ORGANIZATION.name())
                .query((rs, n) -> {
                    bump(rs.getObject(1, UUID.class), CloudProvider.parse(rs.getString(2)).orElseThrow(), rs.getString(3));
                    return null;
                }).list();
    }

    /** Bumps the version of every service of an organization in a provider and region (an organization-wide change). */
    void bumpOrganization(UUID organizationId, CloudProvider provider, String region) {
        jdbc.sql("select id from service where organization_id = :organization and provider = :provider and region = :region")
                .param("organization", organizationId).param("provider", provider.wireName()).param("region", region)
                .query(UUID.class).list()
                .forEach(serviceId -> bump(serviceId, provider, region));
    }

    /** A service left the feed: its row goes, and the region's row takes over its count plus one. */
    void removed(UUID serviceId, CloudProvider provider, String region) {
        Map<UUID, String[]> pending = pending();
        if (pending != null) {
            pending.remove(serviceId); // gone from the feed: a change of it earlier in this transaction writes nothing
        }
        long version = jdbc.sql("delete from endpoint_filter_service_version where service_id = :id returning version")
                .param("id", serviceId).query(Long.class).optional().orElse(0L);
        jdbc.sql("""
                        insert into endpoint_filter_version (provider, region, version) values (:provider, :region, :by)
                        on conflict (provider, region) do update set version = endpoint_filter_version.version + :by""")
                .param("provider", provider.wireName()).param("region", region).param("by", version + 1).update();
    }

    long current(CloudProvider provider, String region) {
        return jdbc.sql("""
                        select coalesce((select version from endpoint_filter_version where provider = :provider and region = :region), 0)
                             + coalesce((select sum(version) from endpoint_filter_service_version
                                         where provider = :provider and region = :region), 0)""")
                .param("provider", provider.wireName()).param("region", region)
                .query(Long.class).single();
    }

    /** The services to bump when the current transaction commits; {@code null} outside a transaction. */
    private Map<UUID, String[]> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<UUID, String[]> pending = (Map<UUID, String[]>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<UUID, String[]> services = new TreeMap<>();
            TransactionSynchronizationManager.bindResource(this, services);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    services.forEach((id, feed) -> write(id, feed[0], feed[1]));
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(FilterVersions.this);
                }
            });
            pending = services;
        }
        return pending;
    }

    private void write(UUID serviceId, String provider, String region) {
        jdbc.sql("""
                        insert into endpoint_filter_service_version (service_id, provider, region, version)
                        values (:id, :provider, :region, 1)
                        on conflict (service_id) do update set version = endpoint_filter_service_version.version + 1""")
                .param("id", serviceId).param("provider", provider).param("region", region).update();
    }
}
