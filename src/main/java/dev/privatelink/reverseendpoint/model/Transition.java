package dev.privatelink.reverseendpoint.model;

import java.util.EnumSet;
import java.util.Set;

import dev.privatelink.reverseendpoint.ReverseEndpointStatus;

import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.DELETING;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.EXPIRED;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.FAILED;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.PENDING_ACCEPTANCE;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.PROVISIONING;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.READY;
import static dev.privatelink.reverseendpoint.ReverseEndpointStatus.REJECTED;

/**
 * The reverse endpoint's transition table: every way its status can change, the statuses it may start
 * from, and the status it leads to. Creation moves between the in-progress statuses and ends in a
 * settled one; a Ready endpoint changes only when the cloud later says it was rejected, failed or
 * deleted (no silent drift); any endpoint can be deleted. Nothing else leaves a settled status.
 */
enum Transition {
    /** The owner of the customer's endpoint service has to accept the connection. */
    AWAIT_ACCEPTANCE(PENDING_ACCEPTANCE, inProgress()),
    /** Being created, or accepted and still being wired. */
    PROVISION(PROVISIONING, inProgress()),
    BECOME_READY(READY, inProgress()),
    /** Rejected by the service's owner, while waiting or later. */
    REJECT(REJECTED, inProgressOrReady()),
    /** Refused by the cloud, or (later) failed or deleted outside the platform. */
    FAIL(FAILED, inProgressOrReady()),
    /** Never accepted before the deadline. */
    EXPIRE(EXPIRED, inProgress()),
    /** The platform operator cancelled its creation: Failed with {@code CANCELLED}; it can be deleted, or the creation retried. */
    CANCEL(FAILED, inProgress()),
    /** The platform operator retried its failed creation: in progress again at once. */
    RETRY(PROVISIONING, EnumSet.of(FAILED)),
    DELETE(DELETING, EnumSet.complementOf(EnumSet.of(DELETING))),
    /** The deletion could not finish: it stays Deleting, with the reason. */
    DELETION_STUCK(DELETING, EnumSet.of(DELETING)),
    /** The platform operator cancelled its deletion: it stays Deleting with {@code DELETION_CANCELLED}. */
    CANCEL_DELETION(DELETING, EnumSet.of(DELETING)),
    /** A stopped deletion goes on: retried by the operator, or deleted again by its owner. */
    RESUME_DELETION(DELETING, EnumSet.of(DELETING));

    private final ReverseEndpointStatus to;
    private final Set<ReverseEndpointStatus> from;

    Transition(ReverseEndpointStatus to, Set<ReverseEndpointStatus> from) {
        this.to = to;
        this.from = from;
    }

    ReverseEndpointStatus to() {
        return to;
    }

    boolean startsFrom(ReverseEndpointStatus status) {
        return from.contains(status);
    }

    private static Set<ReverseEndpointStatus> inProgress() {
        return EnumSet.of(PROVISIONING, PENDING_ACCEPTANCE);
    }

    private static Set<ReverseEndpointStatus> inProgressOrReady() {
        return EnumSet.of(PROVISIONING, PENDING_ACCEPTANCE, READY);
    }
}
