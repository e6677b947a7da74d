package dev.privatelink.cloud;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reverse private endpoints (ClickPipes): VPC endpoints the platform creates in its own VPC that reach
 * into a customer's network, to the customer's VPC endpoint service ({@link EndpointType#INTERFACE})
 * or to a resource configuration the customer shared with us over AWS RAM ({@link EndpointType#RESOURCE}).
 *
 * <p>Every method is one idempotent, non-blocking call (or a few pages of one); failures are
 * {@link CloudException}s classified from the cloud's own codes. A missing permission on the
 * customer's side surfaces as the cloud reports it: {@code InvalidServiceName} for an endpoint
 * service that does not allow the platform's account (AWS hides it), {@link #SUBNET_FULL} when a
 * subnet of the platform's VPC has no free /28 left.
 */
public interface ReverseVpcEndpoints {

    /** EC2's code when a subnet has too few free addresses (an endpoint needs a /28 in each subnet). */
    String SUBNET_FULL = "InsufficientFreeAddressesInSubnet";

    /** EC2's code for an endpoint service that does not exist or does not allow the caller. */
    String SERVICE_NOT_VISIBLE = "InvalidServiceName";

    CloudProvider provider();

    /**
     * The customer's endpoint service as the platform sees it as a consumer (EC2
     * DescribeVpcEndpointServices): whether it exists and allows us, whether connections need the
     * owner's acceptance, its private DNS name.
     *
     * @param region        the platform's region the endpoint will live in
     * @param serviceRegion the service's own region when it differs (cross-region); else {@code null}
     * @throws CloudException {@link #SERVICE_NOT_VISIBLE} when the service is unknown or does not allow the platform
     */
    EndpointServiceOffer describeEndpointServiceOffer(String region, String serviceName, String serviceRegion);

    /**
     * Creates an interface or resource endpoint in the platform's VPC. The {@code clientToken} is
     * derived from our own id: repeating the call after a crash returns the endpoint made the first
     * time instead of a second one. The endpoint carries the token as a tag, so {@link #findVpcEndpoint}
     * finds it even when the answer of the call was lost.
     */
    VpcEndpoint createVpcEndpoint(VpcEndpointRequest request);

    /** The endpoint created with {@code clientToken}, if any (and not deleted). */
    Optional<VpcEndpoint> findVpcEndpoint(String region, String clientToken);

    /**
     * Several endpoints of one region in as few calls as the cloud allows (EC2: a {@code vpc-endpoint-id}
     * filter, so that an id that is gone is simply absent instead of failing the whole call).
     * Endpoints that do not exist (any more) are not in the answer.
     */
    List<VpcEndpoint> describeVpcEndpoints(String region, Collection<String> vpcEndpointIds);

    /** One endpoint; empty when it does not exist (any more). */
    default Optional<VpcEndpoint> describeVpcEndpoint(String region, String vpcEndpointId) {
        return describeVpcEndpoints(region, List.of(vpcEndpointId)).stream()
                .filter(e -> e.vpcEndpointId().equals(vpcEndpointId)).findFirst();
    }

    /** Deletes an endpoint; deleting one that is gone is not an error. */
    void deleteVpcEndpoint(String region, String vpcEndpointId);

    /** Whether a failure says a subnet of the platform's VPC has no room for another endpoint. */
    static boolean isSubnetFull(CloudException e) {
        return SUBNET_FULL.equals(e.code());
    }

    enum EndpointType {
        /** To a VPC endpoint service (behind a customer's network load balancer). */
        INTERFACE,
        /** To a VPC Lattice resource configuration shared with the platform over RAM. */
        RESOURCE
    }

    /**
     * @param region                   where to create it (the platform's VPC region)
     * @param serviceName              for {@code INTERFACE}: the customer's endpoint service name
     * @param serviceRegion            for cross-region interface endpoints: the service's region; else {@code null}
     * @param resourceConfigurationArn for {@code RESOURCE}: the shared resource configuration
     * @param privateDnsEnabled        {@code INTERFACE}: resolve the service's private DNS name in the platform's VPC
     * @param clientToken              idempotency token derived from our reverse endpoint's id
     */
    record VpcEndpointRequest(String region, EndpointType type, String serviceName, String serviceRegion,
                              String resourceConfigurationArn, boolean privateDnsEnabled, String clientToken) {
    }

    /**
     * @param cloudState      the cloud's word: pendingAcceptance, pending, available, rejected, failed, expired,
     *                        deleting, deleted, partial
     * @param state           the same, normalised ({@link ConnectionState#ofAws})
     * @param dnsNames        the names the cloud generated for the endpoint
     * @param privateDnsNames private DNS names resolving to the endpoint in the platform's VPC (the
     *                        service's private DNS name), when enabled
     * @param failureReason   the cloud's reason when failed, else {@code null}
     */
    record VpcEndpoint(String vpcEndpointId, String region, String cloudState, ConnectionState state,
                       List<String> dnsNames, List<String> privateDnsNames, String failureReason) {

        public VpcEndpoint {
            dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
            privateDnsNames = privateDnsNames == null ? List.of() : List.copyOf(privateDnsNames);
        }
    }

    /**
     * @param serviceRegion      the region the service lives in
     * @param privateDnsName     its private DNS name (verified), or {@code null}
     * @param acceptanceRequired whether the owner must accept each connection
     */
    record EndpointServiceOffer(String serviceName, String serviceRegion, String privateDnsName, boolean acceptanceRequired) {
    }
}
