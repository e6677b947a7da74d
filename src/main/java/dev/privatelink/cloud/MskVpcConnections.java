package dev.privatelink.cloud;

import java.util.Optional;

/** Amazon MSK multi-VPC connections from the platform's VPC to a customer's Kafka cluster (reverse endpoints). */
public interface MskVpcConnections {

    CloudProvider provider();

    /** Creates a multi-VPC connection to a customer's cluster; the token finds an earlier attempt's connection. */
    MskVpcConnection createMskVpcConnection(String region, String clusterArn, String clientToken);

    Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn);

    void deleteMskVpcConnection(String region, String vpcConnectionArn);

    record MskVpcConnection(String vpcConnectionArn, String clusterArn, String state) {
    }
}
