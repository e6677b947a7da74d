package dev.privatelink.sandbox.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.privatelink.sandbox.model.SandboxServices.instant;
import static dev.privatelink.sandbox.model.SandboxServices.ts;

/**
 * What the platform created in its own VPC in the sandbox (the reverse direction): VPC endpoints and
 * MSK multi-VPC connections, in tables {@code sandbox_vpc_endpoint} and {@code sandbox_msk_vpc_connection}.
 * Each holds a /28 in every subnet of its region until it is deleted; creations are counted against the
 * region's free blocks under a lock, so replicas never overfill a subnet.
 */
@Component
public class SandboxReverseEndpoints {

    private static final String ENDPOINT_COLUMNS = """
            vpc_endpoint_id, region, owner_id, endpoint_type, service_name, service_id, service_region,
            resource_configuration_arn, private_dns_enabled, client_token, state, state_changed_at, created_at""";
    private static final String CONNECTION_COLUMNS = """
            vpc_connection_arn, cluster_arn, region, owner_id, authentication, client_token, state, state_changed_at, created_at""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public SandboxReverseEndpoints(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * Runs {@code create} while no other creation in the region runs, if the region's subnets still
     * have a free /28 each; otherwise answers {@code full} without creating anything.
     *
     * @param freeBlocks the /28 blocks each subnet of the region has for reverse endpoints
     * @param deletedBefore endpoints deleted before this instant have released their blocks
     */
    public <T> T inRegionWithRoom(String region, int freeBlocks, Instant deletedBefore, Supplier<T> create, Supplier<T> full) {
        return transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("sandbox-subnets:" + region).query().singleRow();
            return usedBlocks(region, deletedBefore) < freeBlocks ? create.get() : full.get();
        });
    }

    /** The /28 blocks in use in each subnet of the region: one per endpoint or connection not deleted yet. */
    int usedBlocks(String region, Instant deletedBefore) {
        return jdbc.sql("""
                        select (select count(*) from sandbox_vpc_endpoint where region = :region and state <> 'deleted'
                                  and not (state = 'deleting' and state_changed_at <= :before))
                             + (select count(*) from sandbox_msk_vpc_connection where region = :region
                                  and not (state = 'DELETING' and state_changed_at <= :before))""")
                .param("region", region).param("before", ts(deletedBefore))
                .query(Integer.class).single();
    }

    // ---- VPC endpoints

    public void insert(SandboxVpcEndpoint e) {
        jdbc.sql("insert into sandbox_vpc_endpoint (" + ENDPOINT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.vpcEndpointId(), e.region(), e.ownerId(), e.endpointType(), e.serviceName(), e.serviceId(),
                        e.serviceRegion(), e.resourceConfigurationArn(), e.privateDnsEnabled(), e.clientToken(), e.state(),
                        ts(e.stateChangedAt()), ts(e.createdAt()))
                .update();
    }

    public Optional<SandboxVpcEndpoint> endpoint(String vpcEndpointId) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from sandbox_vpc_endpoint where vpc_endpoint_id = ?")
                .param(vpcEndpointId).query(SandboxReverseEndpoints::endpoint).optional();
    }

    public Optional<SandboxVpcEndpoint> endpointByToken(String clientToken) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from sandbox_vpc_endpoint where client_token = ?")
                .param(clientToken).query(SandboxReverseEndpoints::endpoint).optional();
    }

    /** The endpoints of one owner in one region among {@code ids}; unknown ids are simply absent. */
    public List<SandboxVpcEndpoint> endpoints(String ownerId, String region, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + ENDPOINT_COLUMNS + """
                         from sandbox_vpc_endpoint
                        where owner_id = ? and region = ? and vpc_endpoint_id = any (?) order by created_at""")
                .params(ownerId, region, ids.toArray(String[]::new)).query(SandboxReverseEndpoints::endpoint).list();
    }

    /** The endpoints connected to a customer's endpoint service, oldest first. */
    public List<SandboxVpcEndpoint> endpointsOnService(String serviceId) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from sandbox_vpc_endpoint where service_id = ? order by created_at, vpc_endpoint_id")
                .param(serviceId).query(SandboxReverseEndpoints::endpoint).list();
    }

    /** Stores a transition unless another call changed the endpoint since {@code before} was read. */
    public boolean replace(SandboxVpcEndpoint before, SandboxVpcEndpoint after) {
        return jdbc.sql("""
                        update sandbox_vpc_endpoint set state = ?, state_changed_at = ?
                        where vpc_endpoint_id = ? and state = ? and state_changed_at = ?""")
                .params(after.state(), ts(after.stateChangedAt()), before.vpcEndpointId(), before.state(),
                        ts(before.stateChangedAt()))
                .update() == 1;
    }

    private static SandboxVpcEndpoint endpoint(ResultSet rs, int row) throws SQLException {
        return new SandboxVpcEndpoint(rs.getString("vpc_endpoint_id"), rs.getString("region"), rs.getString("owner_id"),
                rs.getString("endpoint_type"), rs.getString("service_name"), rs.getString("service_id"),
                rs.getString("service_region"), rs.getString("resource_configuration_arn"), rs.getBoolean("private_dns_enabled"),
                rs.getString("client_token"), rs.getString("state"), instant(rs.getTimestamp("state_changed_at")),
                instant(rs.getTimestamp("created_at")));
    }

    // ---- MSK connections

    public void insert(SandboxMskConnection c) {
        jdbc.sql("insert into sandbox_msk_vpc_connection (" + CONNECTION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.vpcConnectionArn(), c.clusterArn(), c.region(), c.ownerId(), c.authentication(), c.clientToken(),
                        c.state(), ts(c.stateChangedAt()), ts(c.createdAt()))
                .update();
    }

    public Optional<SandboxMskConnection> connection(String vpcConnectionArn) {
        return jdbc.sql("select " + CONNECTION_COLUMNS + " from sandbox_msk_vpc_connection where vpc_connection_arn = ?")
                .param(vpcConnectionArn).query(SandboxReverseEndpoints::connection).optional();
    }

    public Optional<SandboxMskConnection> connectionByToken(String clientToken) {
        return jdbc.sql("select " + CONNECTION_COLUMNS + " from sandbox_msk_vpc_connection where client_token = ?")
                .param(clientToken).query(SandboxReverseEndpoints::connection).optional();
    }

    public List<SandboxMskConnection> connections(String ownerId, String region) {
        return jdbc.sql("select " + CONNECTION_COLUMNS + " from sandbox_msk_vpc_connection where owner_id = ? and region = ? order by created_at")
                .params(ownerId, region).query(SandboxReverseEndpoints::connection).list();
    }

    public boolean replace(SandboxMskConnection before, SandboxMskConnection after) {
        return jdbc.sql("""
                        update sandbox_msk_vpc_connection set state = ?, state_changed_at = ?
                        where vpc_connection_arn = ? and state = ? and state_changed_at = ?""")
                .params(after.state(), ts(after.stateChangedAt()), before.vpcConnectionArn(), before.state(),
                        ts(before.stateChangedAt()))
                .update() == 1;
    }

    private static SandboxMskConnection connection(ResultSet rs, int row) throws SQLException {
        return new SandboxMskConnection(rs.getString("vpc_connection_arn"), rs.getString("cluster_arn"),
                rs.getString("region"), rs.getString("owner_id"), rs.getString("authentication"),
                rs.getString("client_token"), rs.getString("state"), instant(rs.getTimestamp("state_changed_at")),
                instant(rs.getTimestamp("created_at")));
    }
}
