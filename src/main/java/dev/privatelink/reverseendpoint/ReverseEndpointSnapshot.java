package dev.privatelink.reverseendpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reverse endpoint as {@code GET …/clickpipesReversePrivateEndpoints/{id}} shows it at one change,
 * without the step history: what the events about it carry, so that consumers never need to read it
 * again (and could not: by the time they run it may have changed or be gone).
 *
 * @param endpointId      the cloud's id ({@code vpce-…} or the MSK VPC connection ARN), {@code null} until created
 * @param customDnsNames  the {@code customPrivateDnsMappings}' names, in order
 * @param dnsNames        the endpoint's DNS names, empty unless Ready (as the API shows them)
 * @param reasonCode      why, when there is a reason ({@code SUBNET_CAPACITY_EXHAUSTED}, {@code REJECTED}, …)
 */
public record ReverseEndpointSnapshot(UUID id, UUID organizationId, UUID serviceId, String description,
                                      ReverseEndpointType type, String vpcEndpointServiceName,
                                      String vpcResourceConfigurationId, String vpcResourceShareArn, String mskClusterArn,
                                      String mskAuthentication, List<String> customDnsNames, String endpointId,
                                      List<String> dnsNames, List<String> privateDnsNames, ReverseEndpointStatus status,
                                      String reasonCode, String reasonMessage, String region, Instant createdAt,
                                      Instant updatedAt) {
}
