package dev.privatelink.reverseendpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * A reverse endpoint's status changed: recorded by the endpoint on every legal transition and published
 * when it is saved, in the transaction that changed it.
 *
 * @param endpoint the endpoint as the API shows it after the change
 * @param previous {@code null} for a new endpoint
 * @param sequence 1, 2, 3, … for the changes of one endpoint, in the order they committed
 */
public record ReverseEndpointStatusChanged(ReverseEndpointSnapshot endpoint, ReverseEndpointStatus previous, Instant at,
                                           long sequence) {

    public UUID reverseEndpointId() {
        return endpoint.id();
    }

    public ReverseEndpointStatus status() {
        return endpoint.status();
    }
}
