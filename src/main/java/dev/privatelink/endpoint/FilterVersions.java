package dev.privatelink.endpoint;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The version of the data-plane allow-list feed per provider and region. Every change to what the
 * feed shows bumps it in the same transaction, so a proxy holding version N has exactly what N meant.
 */
@Component
public class FilterVersions {

    private final JdbcClient jdbc;

    FilterVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks the feed of a provider and region changed (call inside the changing transaction). */
    public void bump(CloudProvider provider, String region) {
        jdbc.sql("""
                        insert into endpoint_filter_version (provider, region, version) values (:provider, :region, 1)
                        on conflict (provider, region) do update set version = endpoint_filter_version.version + 1""")
                .param("provider", provider.wireName()).param("region", region).update();
    }

    long current(CloudProvider provider, String region) {
        return jdbc.sql("select version from endpoint_filter_version where provider = :provider and region = :region")
                .param("provider", provider.wireName()).param("region", region)
                .query(Long.class).optional().orElse(0L);
    }
}
