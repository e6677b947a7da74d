package dev.privatelink.endpoint.provisioning;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpointservice.EndpointService;
import org.springframework.stereotype.Component;

/**
 * Batched polling: one listing of an endpoint service's connections serves every registration that
 * looks at that service within a short window, so a thousand registrations waiting on one service cost
 * one cloud read per window, not a thousand (the clouds' read budgets are per account and region).
 */
@Component
public class ConnectionListings {

    private final CloudBackends clouds;
    private final long windowNanos;
    private final Map<java.util.UUID, Listing> listings = new ConcurrentHashMap<>();
    private final AtomicLong cloudCalls = new AtomicLong();
    private final long freshGapNanos;
    private final Map<java.util.UUID, AtomicLong> freshListings = new ConcurrentHashMap<>();

    ConnectionListings(CloudBackends clouds, PrivateEndpointProperties properties) {
        this.clouds = clouds;
        this.windowNanos = properties.connectionListWindow().toNanos();
        this.freshGapNanos = windowNanos / 10;
    }

    /** The service's connections, as listed at most one window ago; a failed listing is not reused. */
    List<EndpointConnection> connections(EndpointService service) {
        return connections(service, System.nanoTime() - windowNanos);
    }

    /**
     * The service's connections as listed after a change the caller just made (e.g. an accept): a
     * listing started before {@code System.nanoTime()} now is not reused, but one started since is
     * shared, so many registrations accepted at once still cost one listing between them.
     */
    Optional<List<EndpointConnection>> connectionsFromNow(EndpointService service) {
        long now = System.nanoTime();
        AtomicLong last = freshListings.computeIfAbsent(service.id(), id -> new AtomicLong(now - freshGapNanos));
        long previous = last.get();
        Listing current = listings.get(service.id());
        boolean shareable = current != null && current.startedAt - now >= 0;
        // at most one extra listing per gap and endpoint service: a burst of accepts falls back to the
        // batched delayed re-check instead of listing once per accept
        if (!shareable && (now - previous < freshGapNanos || !last.compareAndSet(previous, now))) {
            return Optional.empty();
        }
        return Optional.of(connections(service, now));
    }

    /** A listing started now (shared with callers of the same moment), for a person asking what the cloud sees: the diagnosis. */
    public List<EndpointConnection> currentConnections(EndpointService service) {
        return connections(service, System.nanoTime());
    }

    private List<EndpointConnection> connections(EndpointService service, long notStartedBefore) {
        Listing listing = listings.compute(service.id(), (id, current) ->
                current != null && current.startedAt - notStartedBefore >= 0 && !current.result.isCompletedExceptionally()
                        ? current : new Listing(System.nanoTime(), new CompletableFuture<>()));
        if (listing.claimed.compareAndSet(false, true)) {
            try {
                cloudCalls.incrementAndGet();
                listing.result.complete(clouds.connections(service.provider()).listConnections(service.ref()));
            } catch (RuntimeException e) {
                listing.result.completeExceptionally(e);
                listings.remove(service.id(), listing);
            }
        }
        try {
            return listing.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** How many listings went to the cloud since start (for measuring the batching). */
    long cloudCalls() {
        return cloudCalls.get();
    }

    private static final class Listing {
        final long startedAt;
        final CompletableFuture<List<EndpointConnection>> result;
        final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();

        Listing(long startedAt, CompletableFuture<List<EndpointConnection>> result) {
            this.startedAt = startedAt;
            this.result = result;
        }
    }
}
