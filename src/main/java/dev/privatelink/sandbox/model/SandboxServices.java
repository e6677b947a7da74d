package dev.privatelink.sandbox.model;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.privatelink.cloud.CloudProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The sandbox's endpoint services, in table {@code sandbox_endpoint_service}. */
@Component
public class SandboxServices {

    private static final String COLUMNS = """
            service_id, provider, account, region, service_name, state, supported_regions, private_dns_name,
            dns_verification_name, dns_verification_value, dns_verification_outcome, dns_verification_due_at,
            idempotency_token, created_at""";

    private final JdbcClient jdbc;

    public SandboxServices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts unless the id, name or idempotency token is taken; true when inserted. */
    public boolean insertIfAbsent(SandboxService s) {
        return jdbc.sql("insert into sandbox_endpoint_service (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(s.serviceId(), s.provider().wireName(), s.account(), s.region(), s.serviceName(), s.state(),
                        s.supportedRegions().toArray(String[]::new), s.privateDnsName(), s.verificationName(),
                        s.verificationValue(), s.verificationOutcome(), ts(s.verificationDueAt()), s.idempotencyToken(),
                        ts(s.createdAt()))
                .update() == 1;
    }

    public Optional<SandboxService> find(CloudProvider provider, String serviceId) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_endpoint_service where provider = ? and service_id = ?")
                .params(provider.wireName(), serviceId).query(SandboxServices::map).optional();
    }

    public Optional<SandboxService> findByToken(CloudProvider provider, String idempotencyToken) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_endpoint_service where provider = ? and idempotency_token = ?")
                .params(provider.wireName(), idempotencyToken).query(SandboxServices::map).optional();
    }

    /** By AWS service name or Azure alias, any case. */
    public Optional<SandboxService> findByName(CloudProvider provider, String serviceName) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_endpoint_service where provider = ? and lower(service_name) = lower(?)")
                .params(provider.wireName(), serviceName).query(SandboxServices::map).optional();
    }

    List<SandboxService> inRegion(CloudProvider provider, String region) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_endpoint_service where provider = ? and region = ? order by created_at")
                .params(provider.wireName(), region).query(SandboxServices::map).list();
    }

    public int countInRegion(CloudProvider provider, String region) {
        return jdbc.sql("select count(*) from sandbox_endpoint_service where provider = ? and region = ?")
                .params(provider.wireName(), region).query(Integer.class).single();
    }

    public void addSupportedRegion(String serviceId, String region) {
        jdbc.sql("""
                        update sandbox_endpoint_service set supported_regions = array_append(supported_regions, ?)
                        where service_id = ? and not (? = any (supported_regions))""")
                .params(region, serviceId, region).update();
    }

    /** Sets a new private DNS name with a fresh verification record; verification starts over. */
    public void setPrivateDnsName(String serviceId, String privateDnsName, String verificationName, String verificationValue) {
        jdbc.sql("""
                        update sandbox_endpoint_service set private_dns_name = ?, dns_verification_name = ?,
                        dns_verification_value = ?, dns_verification_outcome = null, dns_verification_due_at = null
                        where service_id = ?""")
                .params(privateDnsName, verificationName, verificationValue, serviceId).update();
    }

    public void recordVerification(String serviceId, String outcome, Instant dueAt) {
        jdbc.sql("update sandbox_endpoint_service set dns_verification_outcome = ?, dns_verification_due_at = ? where service_id = ?")
                .params(outcome, ts(dueAt), serviceId).update();
    }

    private static SandboxService map(ResultSet rs, int row) throws SQLException {
        return new SandboxService(
                rs.getString("service_id"),
                CloudProvider.parse(rs.getString("provider")).orElseThrow(),
                rs.getString("account"),
                rs.getString("region"),
                rs.getString("service_name"),
                rs.getString("state"),
                regions(rs.getArray("supported_regions")),
                rs.getString("private_dns_name"),
                rs.getString("dns_verification_name"),
                rs.getString("dns_verification_value"),
                rs.getString("dns_verification_outcome"),
                instant(rs.getTimestamp("dns_verification_due_at")),
                rs.getString("idempotency_token"),
                instant(rs.getTimestamp("created_at")));
    }

    private static Set<String> regions(Array array) throws SQLException {
        return array == null ? Set.of() : new LinkedHashSet<>(List.of((String[]) array.getArray()));
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
