package dev.privatelink.events.cloudevent;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;

/**
 * The CloudEvent types this service emits and that webhook subscriptions may name, in lower case:
 * {@code privatelink.endpoint.<status>} for registrations (and {@code .removed}),
 * {@code privatelink.reverseendpoint.<status>} for reverse endpoints (and {@code .removed}),
 * {@code privatelink.allowlist.changed} and {@code privatelink.publicaccess.changed}.
 */
public final class EventTypes {

    public static final String ENDPOINT_PREFIX = "privatelink.endpoint.";
    public static final String ENDPOINT_REMOVED = ENDPOINT_PREFIX + "removed";
    public static final String REVERSE_ENDPOINT_PREFIX = "privatelink.reverseendpoint.";
    public static final String REVERSE_ENDPOINT_REMOVED = REVERSE_ENDPOINT_PREFIX + "removed";
    public static final String ALLOW_LIST_CHANGED = "privatelink.allowlist.changed";
    public static final String PUBLIC_ACCESS_CHANGED = "privatelink.publicaccess.changed";

    private static final Set<String> KNOWN = build();

    private EventTypes() {
    }

    /** {@code privatelink.endpoint.ready} for {@link EndpointStatus#READY}, and so on. */
    public static String endpoint(EndpointStatus status) {
        return ENDPOINT_PREFIX + status.wireName().toLowerCase(Locale.ROOT);
    }

    /** {@code privatelink.reverseendpoint.ready} for a reverse endpoint's {@code Ready}, and so on. */
    public static String reverseEndpoint(String status) {
        return REVERSE_ENDPOINT_PREFIX + status.toLowerCase(Locale.ROOT);
    }

    /** Every type a subscription may name, in a stable order. */
    public static Set<String> known() {
        return KNOWN;
    }

    private static Set<String> build() {
        Set<String> types = new LinkedHashSet<>();
        for (EndpointStatus status : EndpointStatus.values()) {
            types.add(endpoint(status));
        }
        types.add(ENDPOINT_REMOVED);
        for (ReverseEndpointStatus status : ReverseEndpointStatus.values()) {
            types.add(reverseEndpoint(status.wireName()));
        }
        types.add(REVERSE_ENDPOINT_REMOVED);
        types.add(ALLOW_LIST_CHANGED);
        types.add(PUBLIC_ACCESS_CHANGED);
        return Collections.unmodifiableSet(types);
    }
}
