package dev.privatelink.reverseendpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * A reverse endpoint's status changed: recorded by the endpoint on every legal transition and published
 * when it is saved, in the transaction that changed it.
 *
 * @param region     the platform's region the endpoint lives in
 * @param endpointId the cloud's id ({@code vpce-…} or the MSK VPC connection ARN), {@code null} until created
 * @param previous   {@code null} for a new endpoint
 * @param reasonCode why, when there is a reason ({@code SUBNET_CAPACITY_EXHAUSTED}, {@code REJECTED}, …)
 */
public record ReverseEndpointStatusChanged(UUID reverseEndpointId, UUID serviceId, UUID organizationId,
                                           ReverseEndpointType type, String region, String endpointId,
                                           ReverseEndpointStatus previous, ReverseEndpointStatus status, String reasonCode,
                                           String reasonMessage, Instant at) {
}
