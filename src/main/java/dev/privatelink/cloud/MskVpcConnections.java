package dev.privatelink.cloud;

import java.util.List;
import java.util.Optional;

/**
 * Amazon MSK multi-VPC connections from the platform's VPC to a customer's Kafka cluster (reverse
 * endpoints). The cluster's owner allows the platform's account in the cluster policy; a connection
 * uses one of the authentications the cluster offers for multi-VPC connectivity.
 */
public interface MskVpcConnections {

    CloudProvider provider();

    /**
     * Creates a multi-VPC connection to a customer's cluster. MSK takes no idempotency token: the
     * connection carries {@code clientToken} as a tag, and a connection of ours to the cluster with
     * that tag is returned instead of making a second one.
     *
     * @param authentication {@code SASL_IAM} or {@code SASL_SCRAM} (MSK also knows {@code TLS})
     */
    MskVpcConnection createMskVpcConnection(String region, String clusterArn, String authentication, String clientToken);

    /** Our connection to the cluster created with {@code clientToken}, if any (and not going away). */
    Optional<MskVpcConnection> findMskVpcConnection(String region, String clusterArn, String clientToken);

    /** Every multi-VPC connection of the platform's account in the region, in one listing (batched polling). */
    List<MskVpcConnection> listMskVpcConnections(String region);

    Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn);

    /** Deletes a connection; deleting one that is gone is not an error. */
    void deleteMskVpcConnection(String region, String vpcConnectionArn);

    /**
     * The cluster's broker host names for multi-VPC connectivity with that authentication, without
     * ports (clients add them: 14001 for the first broker, 14002 for the second, …).
     */
    List<String> brokerDnsNames(String region, String clusterArn, String authentication);

    /**
     * Whether a failed create says the platform's subnets have no room: MSK has no code of its own for
     * it and answers {@code BadRequestException} naming the free IP addresses.
     */
    static boolean isSubnetFull(CloudException e) {
        return "BadRequestException".equals(e.code()) && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("free ip addresses");
    }

    /**
     * @param cloudState MSK's word: CREATING, AVAILABLE, INACTIVE, DEACTIVATING, DELETING, FAILED, REJECTED, REJECTING
     * @param state      the same, normalised ({@link ConnectionState#ofMsk})
     */
    record MskVpcConnection(String vpcConnectionArn, String clusterArn, String cloudState, ConnectionState state) {
    }
}
