package dev.privatelink.sandbox.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.privatelink.sandbox.model.SandboxServices.instant;
import static dev.privatelink.sandbox.model.SandboxServices.ts;

/** The sandbox's DNS zones and change ids, in tables {@code sandbox_dns_record} and {@code sandbox_dns_change}. */
@Component
public class SandboxDnsZones {

    private final JdbcClient jdbc;

    public SandboxDnsZones(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(CloudProvider provider, String zoneId, String name, String type, long ttlSeconds, List<String> values,
                Instant now) {
        jdbc.sql("""
                        insert into sandbox_dns_record (provider, zone_id, name, type, ttl_seconds, record_values, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (provider, zone_id, name, type)
                        do update set ttl_seconds = excluded.ttl_seconds, record_values = excluded.record_values,
                                      updated_at = excluded.updated_at""")
                .params(provider.wireName(), zoneId, normalise(name), type.toUpperCase(Locale.ROOT), ttlSeconds,
                        values.toArray(String[]::new), ts(now))
                .update();
    }

    public void delete(CloudProvider provider, String zoneId, String name, String type) {
        jdbc.sql("delete from sandbox_dns_record where provider = ? and zone_id = ? and name = ? and type = ?")
                .params(provider.wireName(), zoneId, normalise(name), type.toUpperCase(Locale.ROOT))
                .update();
    }

    /** The values of a record set, or empty when there is none. */
    Optional<List<String>> values(CloudProvider provider, String zoneId, String name, String type) {
        return jdbc.sql("select record_values from sandbox_dns_record where provider = ? and zone_id = ? and name = ? and type = ?")
                .params(provider.wireName(), zoneId, normalise(name), type.toUpperCase(Locale.ROOT))
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .optional();
    }

    /** Whether any zone of the provider holds a TXT record of that name with that value (quoted or not). */
    public boolean holdsTxt(CloudProvider provider, String name, String value) {
        return jdbc.sql("select record_values from sandbox_dns_record where provider = ? and name = ? and type = 'TXT'")
                .params(provider.wireName(), normalise(name))
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .list().stream()
                .flatMap(List::stream)
                .anyMatch(v -> unquote(v).equals(value));
    }

    public void recordChange(String changeId, CloudProvider provider, Instant now) {
        jdbc.sql("insert into sandbox_dns_change (change_id, provider, submitted_at) values (?, ?, ?)")
                .params(changeId, provider.wireName(), ts(now)).update();
    }

    public Optional<Instant> changeSubmittedAt(String changeId) {
        return jdbc.sql("select submitted_at from sandbox_dns_change where change_id = ?")
                .param(changeId).query((rs, n) -> instant(rs.getTimestamp(1))).optional();
    }

    /** DNS names are case-insensitive; a trailing dot (fully qualified) means the same name. */
    public static String normalise(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
