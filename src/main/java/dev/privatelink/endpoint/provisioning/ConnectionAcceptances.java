package dev.privatelink.endpoint.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import dev.privatelink.endpointservice.EndpointService;
import org.springframework.stereotype.Component;

/**
 * Batched accepts: the accepts that registrations' steps ask for on one endpoint service within a
 * short window (in this replica) go to the cloud as one batch
 * ({@link dev.privatelink.cloud.CloudEndpointConnections#acceptConnections}). EC2 budgets accepts at
 * ~1 call/s per account and region, so one call per registration would take minutes for a burst of
 * registrations; one call per batch takes seconds. The first step to ask opens the batch, waits out
 * the window, sends it and hands every step its own connection's outcome. After a quiet spell (no
 * batch for the service within a window) the first accept goes out at once: a lone registration
 * does not wait for company.
 */
@Component
class ConnectionAcceptances {

    /** A batch this large goes out at once instead of waiting for the rest of its window. */
    static final int MAX_BATCH = 200;

    private final CloudBackends clouds;
    private final long windowNanos;
    private final Map<UUID, Batch> open = new ConcurrentHashMap<>();
    private final Map<UUID, Long> lastSent = new ConcurrentHashMap<>();
    /** Services whose last batch met a rate limit: their refused steps come back together, batch them all. */
    private final java.util.Set<UUID> limited = ConcurrentHashMap.newKeySet();
    private final AtomicLong cloudCalls = new AtomicLong();

    ConnectionAcceptances(CloudBackends clouds, PrivateEndpointProperties properties) {
        this.clouds = clouds;
        // the listing window: the steps that shared a listing come to accept within about that time
        this.windowNanos = properties.connectionListWindow().toNanos();
    }

    /**
     * Accepts (approves) the connection together with the others asked for on the same endpoint
     * service meanwhile.
     *
     * @throws CloudException this connection's own failure (or the batch call's, when it failed as a whole)
     */
    void accept(EndpointService service, EndpointConnection connection) {
        Batch batch;
        boolean opener;
        while (true) {
            Batch current = open.computeIfAbsent(service.id(), id -> new Batch());
            if (current.join(connection)) {
                batch = current;
                opener = current.opener == Thread.currentThread();
                break;
            }
            open.remove(service.id(), current); // closed meanwhile: open the next one
        }
        if (opener) {
            send(service, batch);
        }
        CloudException failure = batch.outcome.join().get(connection);
        if (failure != null) {
            throw failure;
        }
    }

    /** How many accept batches went to the cloud since start (for measuring the batching). */
    long cloudCalls() {
        return cloudCalls.get();
    }

    private void send(EndpointService service, Batch batch) {
        Long previous = lastSent.get(service.id());
        if (limited.contains(service.id()) || (previous != null && System.nanoTime() - previous < windowNanos)) {
            try {
                batch.full.await(windowNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // send what there is: the others are waiting for it
            }
        }
        List<EndpointConnection> connections = batch.close();
        open.remove(service.id(), batch);
        lastSent.put(service.id(), System.nanoTime());
        try {
            cloudCalls.incrementAndGet();
            Map<EndpointConnection, CloudException> failures =
                    clouds.connections(service.provider()).acceptConnections(service.ref(), connections);
            if (failures.values().stream().anyMatch(ConnectionAcceptances::rateLimited)) {
                limited.add(service.id());
            } else {
                limited.remove(service.id());
            }
            batch.outcome.complete(failures);
        } catch (RuntimeException e) {
            CloudException failure = e instanceof CloudException ce ? ce : new CloudException(service.provider(),
                    "acceptConnections", e.getClass().getSimpleName(), CloudErrorKind.RETRYABLE, e.getMessage(), null, e);
            batch.outcome.complete(everyone(connections, failure));
        } finally {
            // whatever happened (an Error included), the steps waiting on this batch must not wait forever
            if (!batch.outcome.isDone()) {
                batch.outcome.complete(everyone(connections, new CloudException(service.provider(), "acceptConnections",
                        "BatchAborted", CloudErrorKind.RETRYABLE,
                        "the accept batch for endpoint service " + service.cloudResourceId() + " did not complete")));
            }
        }
    }

    private static Map<EndpointConnection, CloudException> everyone(List<EndpointConnection> connections, CloudException failure) {
        Map<EndpointConnection, CloudException> failures = new java.util.LinkedHashMap<>();
        connections.forEach(c -> failures.put(c, failure));
        return failures;
    }

    private static boolean rateLimited(CloudException e) {
        return e.kind() == CloudErrorKind.THROTTLED || e.kind() == CloudErrorKind.UNAVAILABLE;
    }

    private static final class Batch {
        final Thread opener = Thread.currentThread();
        final List<EndpointConnection> connections = new ArrayList<>();
        final CountDownLatch full = new CountDownLatch(1);
        final CompletableFuture<Map<EndpointConnection, CloudException>> outcome = new CompletableFuture<>();
        boolean closed;

        /** Adds the connection unless the batch has been sent already. */
        synchronized boolean join(EndpointConnection connection) {
            if (closed) {
                return false;
            }
            if (!connections.contains(connection)) {
                connections.add(connection);
            }
            if (connections.size() >= MAX_BATCH) {
                full.countDown();
            }
            return true;
        }

        synchronized List<EndpointConnection> close() {
            closed = true;
            return List.copyOf(connections);
        }
    }
}
