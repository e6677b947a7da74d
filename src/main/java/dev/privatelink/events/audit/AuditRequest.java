package dev.privatelink.events.audit;

import java.util.UUID;

import dev.privatelink.security.Caller;

/**
 * The API request being served on this thread, while it may change something: who sends it, its id,
 * and its operation. Set by {@link AuditRequests} around the controller call.
 *
 * @param organizationId the organization in the path, if any
 */
record AuditRequest(Caller caller, String requestId, String action, String path, UUID organizationId) {

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    /** The request, and whether an entry was recorded for it. */
    static final class State {
        final AuditRequest request;
        volatile boolean recorded;

        State(AuditRequest request) {
            this.request = request;
        }
    }

    static State current() {
        return CURRENT.get();
    }

    static void begin(AuditRequest request) {
        CURRENT.set(new State(request));
    }

    static void end() {
        CURRENT.remove();
    }
}
