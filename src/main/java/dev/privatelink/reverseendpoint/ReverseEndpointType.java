package dev.privatelink.reverseendpoint;

/**
 * How a reverse private endpoint reaches into the customer's network (seed 001), with ClickHouse's
 * names on the wire. ClickHouse's fourth type, {@code GCP_PSC_SERVICE_ATTACHMENT}, is not offered by
 * this platform, which runs on AWS.
 */
public enum ReverseEndpointType {
    /** An interface endpoint to the customer's VPC endpoint service (behind a network load balancer); may cross regions. */
    VPC_ENDPOINT_SERVICE,
    /** A resource endpoint to a VPC Lattice resource configuration the customer shares with the platform over RAM. */
    VPC_RESOURCE,
    /** An MSK multi-VPC connection to the customer's Kafka cluster. */
    MSK_MULTI_VPC;

    /** Whether the endpoint may live in another region than its target. */
    public boolean crossesRegions() {
        return this == VPC_ENDPOINT_SERVICE;
    }
}
