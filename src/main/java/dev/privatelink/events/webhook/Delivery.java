package dev.privatelink.events.webhook;

import java.time.Instant;
import java.util.UUID;

/** One event on its way to one subscription: where it stands and how its last attempt went. */
record Delivery(UUID id, UUID subscriptionId, UUID eventId, String eventType, String subject, long sequence, Status status,
                int attempts, Instant nextAttemptAt, Instant retryUntil, Instant lastAttemptAt, Integer lastResponseCode,
                String lastError, Instant deliveredAt, Instant createdAt) {

    enum Status {
        /** Not delivered yet: due at {@code nextAttemptAt}. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Given up after {@code retryUntil}; a redelivery makes it PENDING again. */
        FAILED
    }

    /** A lane: one subscription's deliveries for one resource, sent one after the other in change order. */
    record Lane(UUID subscriptionId, String subject) {

        static Lane parse(String id) {
            int bar = id.indexOf('|');
            return new Lane(UUID.fromString(id.substring(0, bar)), id.substring(bar + 1));
        }

        String id() {
            return subscriptionId + "|" + subject;
        }
    }
}
