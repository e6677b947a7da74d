package dev.privatelink.sandbox.model;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.privatelink.sandbox.model.SandboxServices.instant;
import static dev.privatelink.sandbox.model.SandboxServices.ts;

/**
 * What customers put in the sandbox for the platform to reach (the reverse direction): their VPC
 * endpoint services, resource configurations shared over RAM with their invitations, and MSK clusters.
 * Tables {@code sandbox_customer_endpoint_service}, {@code sandbox_resource_configuration},
 * {@code sandbox_resource_share_invitation}, {@code sandbox_msk_cluster}.
 */
@Component
public class SandboxReverseTargets {

    private final JdbcClient jdbc;

    public SandboxReverseTargets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- endpoint services

    /**
     * A customer's VPC endpoint service.
     *
     * @param allowedPrincipals account ids, IAM ARNs or {@code *} that may connect
     * @param supportedRegions  other regions consumers may connect from
     */
    public record CustomerService(String serviceId, String serviceName, String region, String ownerId, UUID organizationId,
                                  boolean acceptanceRequired, List<String> allowedPrincipals, List<String> supportedRegions,
                                  String privateDnsName, Instant createdAt) {

        /** Whether a consumer in {@code consumerRegion} may connect: the service's own region or a supported one. */
        public boolean offeredIn(String consumerRegion) {
            return region.equals(consumerRegion) || supportedRegions.contains(consumerRegion);
        }
    }

    public void insert(CustomerService s) {
        jdbc.sql("""
                        insert into sandbox_customer_endpoint_service (service_id, service_name, region, owner_id, organization_id,
                            acceptance_required, allowed_principals, supported_regions, private_dns_name, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.serviceId(), s.serviceName(), s.region(), s.ownerId(), s.organizationId(), s.acceptanceRequired(),
                        s.allowedPrincipals().toArray(String[]::new), s.supportedRegions().toArray(String[]::new),
                        s.privateDnsName(), ts(s.createdAt()))
                .update();
    }

    public Optional<CustomerService> serviceByName(String serviceName) {
        return jdbc.sql("select * from sandbox_customer_endpoint_service where lower(service_name) = lower(?)")
                .param(serviceName).query(SandboxReverseTargets::service).optional();
    }

    public Optional<CustomerService> service(String serviceId) {
        return jdbc.sql("select * from sandbox_customer_endpoint_service where service_id = ?")
                .param(serviceId.toLowerCase(Locale.ROOT)).query(SandboxReverseTargets::service).optional();
    }

    private static CustomerService service(ResultSet rs, int row) throws SQLException {
        return new CustomerService(rs.getString("service_id"), rs.getString("service_name"), rs.getString("region"),
                rs.getString("owner_id"), rs.getObject("organization_id", UUID.class), rs.getBoolean("acceptance_required"),
                strings(rs.getArray("allowed_principals")), strings(rs.getArray("supported_regions")),
                rs.getString("private_dns_name"), instant(rs.getTimestamp("created_at")));
    }

    // ---- resource configurations and RAM

    public record ResourceConfiguration(String resourceConfigurationId, String arn, String region, String ownerId,
                                        UUID organizationId, String resource, String resourceShareArn, Instant createdAt) {
    }

    /**
     * @param status PENDING, ACCEPTED, REJECTED or EXPIRED, as RAM says
     */
    public record Invitation(String invitationArn, String resourceShareArn, String senderAccountId,
                             String receiverAccountId, String status, Instant createdAt) {
    }

    /** A resource configuration and its share, with one pending invitation per account it is shared with. */
    public void insert(ResourceConfiguration c, List<Invitation> invitations) {
        jdbc.sql("""
                        insert into sandbox_resource_configuration (resource_configuration_id, arn, region, owner_id,
                            organization_id, resource, resource_share_arn, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.resourceConfigurationId(), c.arn(), c.region(), c.ownerId(), c.organizationId(), c.resource(),
                        c.resourceShareArn(), ts(c.createdAt()))
                .update();
        for (Invitation i : invitations) {
            jdbc.sql("""
                            insert into sandbox_resource_share_invitation (invitation_arn, resource_share_arn, sender_account_id,
                                receiver_account_id, status, created_at)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(i.invitationArn(), i.resourceShareArn(), i.senderAccountId(), i.receiverAccountId(), i.status(),
                            ts(i.createdAt()))
                    .update();
        }
    }

    public Optional<ResourceConfiguration> resourceConfigurationByArn(String arn) {
        return jdbc.sql("select * from sandbox_resource_configuration where arn = ?")
                .param(arn).query(SandboxReverseTargets::configuration).optional();
    }

    public Optional<ResourceConfiguration> resourceConfigurationByShare(String resourceShareArn) {
        return jdbc.sql("select * from sandbox_resource_configuration where resource_share_arn = ?")
                .param(resourceShareArn).query(SandboxReverseTargets::configuration).optional();
    }

    private static ResourceConfiguration configuration(ResultSet rs, int row) throws SQLException {
        return new ResourceConfiguration(rs.getString("resource_configuration_id"), rs.getString("arn"), rs.getString("region"),
                rs.getString("owner_id"), rs.getObject("organization_id", UUID.class), rs.getString("resource"),
                rs.getString("resource_share_arn"), instant(rs.getTimestamp("created_at")));
    }

    /** The invitations of a share addressed to one account. */
    public List<Invitation> invitations(String resourceShareArn, String receiverAccountId) {
        return jdbc.sql("select * from sandbox_resource_share_invitation where resource_share_arn = ? and receiver_account_id = ?")
                .params(resourceShareArn, receiverAccountId).query(SandboxReverseTargets::invitation).list();
    }

    /** Every invitation addressed to one account. */
    public List<Invitation> invitationsTo(String receiverAccountId) {
        return jdbc.sql("select * from sandbox_resource_share_invitation where receiver_account_id = ? order by created_at")
                .param(receiverAccountId).query(SandboxReverseTargets::invitation).list();
    }

    public Optional<Invitation> invitation(String invitationArn) {
        return jdbc.sql("select * from sandbox_resource_share_invitation where invitation_arn = ?")
                .param(invitationArn).query(SandboxReverseTargets::invitation).optional();
    }

    /** Accepts a pending invitation; false when it was not pending (any more). */
    public boolean accept(String invitationArn) {
        return jdbc.sql("update sandbox_resource_share_invitation set status = 'ACCEPTED' where invitation_arn = ? and status = 'PENDING'")
                .param(invitationArn).update() == 1;
    }

    private static Invitation invitation(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getString("invitation_arn"), rs.getString("resource_share_arn"),
                rs.getString("sender_account_id"), rs.getString("receiver_account_id"), rs.getString("status"),
                instant(rs.getTimestamp("created_at")));
    }

    // ---- MSK clusters

    /**
     * @param authentication    what multi-VPC clients may use: SASL_IAM, SASL_SCRAM, TLS
     * @param allowedPrincipals the cluster policy's principals (account ids, IAM ARNs or {@code *})
     */
    public record MskCluster(String clusterArn, String name, String region, String ownerId, UUID organizationId,
                             List<String> authentication, List<String> allowedPrincipals, int brokerCount, Instant createdAt) {
    }

    public void insert(MskCluster c) {
        jdbc.sql("""
                        insert into sandbox_msk_cluster (cluster_arn, name, region, owner_id, organization_id, authentication,
                            allowed_principals, broker_count, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.clusterArn(), c.name(), c.region(), c.ownerId(), c.organizationId(),
                        c.authentication().toArray(String[]::new), c.allowedPrincipals().toArray(String[]::new),
                        c.brokerCount(), ts(c.createdAt()))
                .update();
    }

    public Optional<MskCluster> cluster(String clusterArn) {
        return jdbc.sql("select * from sandbox_msk_cluster where cluster_arn = ?")
                .param(clusterArn).query(SandboxReverseTargets::cluster).optional();
    }

    private static MskCluster cluster(ResultSet rs, int row) throws SQLException {
        return new MskCluster(rs.getString("cluster_arn"), rs.getString("name"), rs.getString("region"),
                rs.getString("owner_id"), rs.getObject("organization_id", UUID.class), strings(rs.getArray("authentication")),
                strings(rs.getArray("allowed_principals")), rs.getInt("broker_count"), instant(rs.getTimestamp("created_at")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
