package dev.privatelink.cloud;

import java.util.List;
import java.util.Optional;

/**
 * Reverse private endpoints (ClickPipes): VPC endpoints the platform creates in its own VPC that reach
 * into a customer's network, to the customer's VPC endpoint service ({@code Interface}) or to a
 * resource configuration the customer shared with us over AWS RAM ({@code Resource}).
 */
public interface ReverseVpcEndpoints {

    CloudProvider provider();

    /**
     * Creates an interface or resource endpoint in the platform's VPC. The {@code clientToken} is
     * derived from our own id: repeating the call after a crash returns the endpoint made the first
     * time instead of a second one.
     */
    VpcEndpoint createVpcEndpoint(VpcEndpointRequest request);

    /** Describes an endpoint we created; empty when it does not exist (any more). */
    Optional<VpcEndpoint> describeVpcEndpoint(String region, String vpcEndpointId);

    /** Deletes an endpoint; deleting one that is gone is not an error. */
    void deleteVpcEndpoint(String region, String vpcEndpointId);

    /**
     * @param region           where to create it (the platform's VPC region)
     * @param type             {@code Interface} (to a VPC endpoint service) or {@code Resource} (to a shared resource configuration)
     * @param serviceName      for {@code Interface}: the customer's endpoint service name
     * @param serviceRegion    for cross-region interface endpoints: the service's region; else {@code null}
     * @param resourceConfigurationArn for {@code Resource}: the shared resource configuration
     * @param clientToken      idempotency token derived from our reverse endpoint's id
     */
    record VpcEndpointRequest(String region, String type, String serviceName, String serviceRegion,
                              String resourceConfigurationArn, String clientToken) {
    }

    /**
     * @param state      the cloud's word: pendingAcceptance, pending, available, rejected, failed, expired, deleting, deleted
     * @param dnsNames   DNS names of the endpoint, once the cloud has them
     * @param failureReason the cloud's reason when failed (e.g. no free /28 in a subnet), else {@code null}
     */
    record VpcEndpoint(String vpcEndpointId, String region, String state, List<String> dnsNames, String failureReason) {
    }
}
