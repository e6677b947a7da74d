package dev.privatelink.events.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An organization's webhook: where its events go, which types, and whether deliveries are running. */
record Subscription(UUID id, UUID organizationId, String url, List<String> eventTypes, String secret, State state,
                    String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, Instant updatedAt) {

    enum State {
        ACTIVE,
        /** Deliveries kept failing: nothing is sent until it is enabled again. */
        DISABLED
    }
}
