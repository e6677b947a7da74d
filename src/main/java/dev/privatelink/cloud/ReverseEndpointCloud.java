package dev.privatelink.cloud;

import java.util.List;
import java.util.Optional;

/**
 * The cloud port for reverse private endpoints (ClickPipes): the platform creates an endpoint in its
 * own VPC that reaches into the customer's network, through a VPC endpoint service, a VPC resource
 * shared with us over AWS RAM, or an MSK multi-VPC connection. AWS only for now.
 */
public interface ReverseEndpointCloud {

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

    /** Resource share invitations waiting for the platform's account (customer shared a resource configuration). */
    List<ResourceShareInvitation> listResourceShareInvitations(String region);

    /** Accepts an invitation; accepting an accepted one is not an error. */
    void acceptResourceShareInvitation(String region, String invitationArn);

    /** Creates an MSK multi-VPC connection to a customer's cluster. */
    MskVpcConnection createMskVpcConnection(String region, String clusterArn, String clientToken);

    Optional<MskVpcConnection> describeMskVpcConnection(String region, String vpcConnectionArn);

    void deleteMskVpcConnection(String region, String vpcConnectionArn);

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

    record ResourceShareInvitation(String invitationArn, String resourceShareArn, String senderAccountId, String status) {
    }

    record MskVpcConnection(String vpcConnectionArn, String clusterArn, String state) {
    }
}
