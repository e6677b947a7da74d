package dev.privatelink.events.cloudevent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One change of one resource, ready to become a CloudEvent: what changed ({@code type}), which resource
 * ({@code subject}, within the organization's {@code source}), its change number and the resource as
 * the API shows it after the change ({@code data}).
 *
 * @param subject  the resource's path below the source, e.g. {@code privateEndpoints/<registrationId>};
 *                 {@code source + "/" + subject} is where the API shows it
 * @param sequence 1, 2, 3, … per subject, in the order the changes committed
 */
public record ResourceEvent(UUID organizationId, String type, String subject, long sequence, Instant time, Object data) {

    /** The organization's events come from its part of the API. */
    public String source() {
        return "/v1/organizations/" + organizationId;
    }

    /** Stable for the same change, whichever replica maps it and however often: receivers deduplicate on it. */
    public UUID id() {
        return UUID.nameUUIDFromBytes((source() + "/" + subject + "#" + sequence).getBytes(StandardCharsets.UTF_8));
    }
}
