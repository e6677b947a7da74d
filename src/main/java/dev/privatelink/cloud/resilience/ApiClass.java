package dev.privatelink.cloud.resilience;

/**
 * The clouds' rate-limit buckets (per account or subscription and region). Each real cloud call
 * names the bucket it draws from; budgets are kept at or below 90 % of the published numbers.
 */
public enum ApiClass {
    /** EC2 CreateVpcEndpoint: burst 4, refill 0.3/s. */
    AWS_EC2_CREATE_VPC_ENDPOINT,
    /** EC2 Accept/RejectVpcEndpointConnections: burst 10, refill 1/s. */
    AWS_EC2_ACCEPT_REJECT,
    /** EC2 Describe*: burst 100, refill 20/s. */
    AWS_EC2_DESCRIBE,
    /** Other EC2 mutating calls: burst 50, refill 5/s. */
    AWS_EC2_MUTATE,
    /** Route 53: 50, 10/s (one change in flight per hosted zone). */
    AWS_ROUTE53,
    /** AWS RAM. */
    AWS_RAM,
    /** Amazon MSK. */
    AWS_MSK,
    /** Azure Resource Manager writes per subscription: 200, 10/s. */
    AZURE_ARM_WRITE,
    /** Azure Resource Manager reads per subscription: 250, 25/s. */
    AZURE_ARM_READ
}
