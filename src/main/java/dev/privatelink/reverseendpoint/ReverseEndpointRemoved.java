package dev.privatelink.reverseendpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * A deleted reverse endpoint is gone for good: the cloud deleted it and it was forgotten (reads answer 404).
 *
 * @param endpoint the endpoint as the API last showed it
 * @param sequence its last change number (after every {@link ReverseEndpointStatusChanged} of it)
 */
public record ReverseEndpointRemoved(ReverseEndpointSnapshot endpoint, Instant at, long sequence) {

    public UUID reverseEndpointId() {
        return endpoint.id();
    }
}
