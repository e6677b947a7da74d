package dev.privatelink.endpoint.registration;

import java.util.EnumSet;
import java.util.Set;

import dev.privatelink.endpoint.EndpointStatus;

import static dev.privatelink.endpoint.EndpointStatus.DELETING;
import static dev.privatelink.endpoint.EndpointStatus.EXPIRED;
import static dev.privatelink.endpoint.EndpointStatus.FAILED;
import static dev.privatelink.endpoint.EndpointStatus.PENDING_ACCEPTANCE;
import static dev.privatelink.endpoint.EndpointStatus.PROVISIONING;
import static dev.privatelink.endpoint.EndpointStatus.READY;
import static dev.privatelink.endpoint.EndpointStatus.REJECTED;
import static dev.privatelink.endpoint.EndpointStatus.WAITING_FOR_CONNECTION;

/**
 * The registration's transition table: every way its status can change, the statuses it may start
 * from, and the status it leads to. While its workflow runs, a registration moves between the
 * in-progress statuses and ends in a settled one; it can be removed, or registered again, from
 * anywhere. Otherwise only the reconciliation sweep leaves a settled status, and only on what the cloud
 * reports: a Ready one whose connection is gone or rejected, an unready one whose connection is
 * available. An expired registration never becomes ready by itself.
 */
enum Transition {
    /** Registered again (or removed and added in one request): starts over. */
    REGISTER_AGAIN(PROVISIONING, EnumSet.allOf(EndpointStatus.class)),
    /** No connection from the endpoint on our endpoint services yet. */
    WAIT_FOR_CONNECTION(WAITING_FOR_CONNECTION, inProgress()),
    /** Connected, waiting to be put on an eligible service's allow list (Azure). */
    WAIT_FOR_ALLOW_LIST(PENDING_ACCEPTANCE, inProgress()),
    /** The connection was found, or is being accepted. */
    ACCEPT(PROVISIONING, inProgress()),
    BECOME_READY(READY, inProgress()),
    REJECT(REJECTED, inProgress()),
    FAIL(FAILED, inProgress()),
    EXPIRE(EXPIRED, inProgress()),
    /** The platform operator cancelled its run: Failed with {@code CANCELLED}; it can be removed, or the run retried. */
    CANCEL(FAILED, inProgress()),
    /** The platform operator retried its failed run: in progress again at once. */
    RETRY(PROVISIONING, EnumSet.of(FAILED)),
    /** Removed from the organization: its removal starts. */
    REMOVE(DELETING, EnumSet.complementOf(EnumSet.of(DELETING))),
    /** The removal could not disconnect it: it stays Deleting, with the reason. */
    REMOVAL_STUCK(DELETING, EnumSet.of(DELETING)),
    /** The cloud reports a Ready registration's connection deleted, failed or disconnected (the sweep). */
    LOSE_CONNECTION(FAILED, EnumSet.of(READY)),
    /** The cloud reports a Ready registration's connection rejected (the sweep). */
    REJECT_IN_CLOUD(REJECTED, EnumSet.of(READY)),
    /** The cloud reports the connection of a settled, unready registration available (the sweep). */
    HEAL(READY, EnumSet.of(FAILED, EXPIRED, REJECTED)),
    /** The platform operator cancelled its removal: it stays Deleting with {@code REMOVAL_CANCELLED}. */
    CANCEL_REMOVAL(DELETING, EnumSet.of(DELETING)),
    /** A stopped removal goes on: retried by the operator, or removed again by its organization. */
    RESUME_REMOVAL(DELETING, EnumSet.of(DELETING));

    private final EndpointStatus to;
    private final Set<EndpointStatus> from;

    Transition(EndpointStatus to, Set<EndpointStatus> from) {
        this.to = to;
        this.from = from;
    }

    EndpointStatus to() {
        return to;
    }

    boolean startsFrom(EndpointStatus status) {
        return from.contains(status);
    }

    private static Set<EndpointStatus> inProgress() {
        return EnumSet.of(PROVISIONING, WAITING_FOR_CONNECTION, PENDING_ACCEPTANCE);
    }
}
