package dev.privatelink.endpoint.feed;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.OrganizationEndpoints.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The version of the data-plane allow-list feed per provider and region. Every change to what the
 * feed shows bumps it in the same transaction ({@link FeedChanges}), so a proxy holding version N has
 * exactly what N meant.
 */
@Component
class FilterVersions {

    private final JdbcClient jdbc;

    FilterVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks the feed of a provider and region changed (call inside the changing transaction). The
     * version rows are written just before the commit, all together and in one order: taking them
     * last keeps a change of several endpoints and a workflow step's commit from locking in crossed
     * order (a deadlock), and a feed changed twice moves only once.
     */
    void bump(CloudProvider provider, String region) {
        String feed = provider.wireName() + "|" + region;
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(feed);
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> pending = (Set<String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Set<String> feeds = new TreeSet<>();
            TransactionSynchronizationManager.bindResource(this, feeds);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    feeds.forEach(FilterVersions.this::write);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(FilterVersions.this);
                }
            });
            pending = feeds;
        }
        pending.add(feed);
    }

    private void write(String feed) {
        int bar = feed.indexOf('|');
        jdbc.sql("""
                        insert into endpoint_filter_version (provider, region, version) values (:provider, :region, 1)
                        on conflict (provider, region) do update set version = endpoint_filter_version.version + 1""")
                .param("provider", feed.substring(0, bar)).param("region", feed.substring(bar + 1)).update();
    }

    /**
     * Bumps the feed of every provider and region where this registration is allowed on a service: where a
     * service lists it, and its own provider and region when it is organization-wide.
     */
    void bumpWhereAllowed(UUID endpointId) {
        jdbc.sql("""
                        select s.provider, s.region from service_private_endpoint l join service s on s.id = l.service_id
                        where l.private_endpoint_id = :endpoint
                        union
                        select e.provider, e.region from private_endpoint e where e.id = :endpoint and e.scope = :organizationWide
                        order by 1, 2""")
                .param("endpoint", endpointId).param("organizationWide", Scope.ORGANIZATION.name())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> bump(CloudProvider.parse(e.getKey()).orElseThrow(), e.getValue()));
    }

    long current(CloudProvider provider, String region) {
        return jdbc.sql("select version from endpoint_filter_version where provider = :provider and region = :region")
                .param("provider", provider.wireName()).param("region", region)
                .query(Long.class).optional().orElse(0L);
    }
}
