package dev.privatelink.reverseendpoint;

import java.time.Instant;
import java.util.UUID;

/** A deleted reverse endpoint is gone for good: the cloud deleted it and it was forgotten (reads answer 404). */
public record ReverseEndpointRemoved(UUID reverseEndpointId, UUID serviceId, UUID organizationId, ReverseEndpointType type,
                                     String region, String endpointId, Instant at) {
}
