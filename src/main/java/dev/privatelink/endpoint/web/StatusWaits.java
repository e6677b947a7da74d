package dev.privatelink.endpoint.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.endpoint.registration.PrivateEndpointProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Readers waiting for a registration to change ({@code GET …/privateEndpoints/{id}?waitFor=Ready}),
 * woken as soon as it may have. A waiting reader holds neither a database connection nor a platform
 * thread: it parks its (virtual) request thread on a future. Changes committed on this replica wake its
 * readers at once, from the registration's events after their commit; changes another replica made
 * are found by one query per {@code waitRecheck} for all readers waiting here, which compares each
 * registration's change number with the one its reader last saw.
 *
 * <p>The wake-up is not durable work, so it is a synchronous listener that acts after the commit rather
 * than a listener of the event publication registry: a missed wake-up costs at most one recheck.
 */
@Component
class StatusWaits implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusWaits.class);

    private final Map<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final Duration recheck;
    private volatile Thread rechecker;
    private volatile boolean stopped;

    StatusWaits(JdbcClient jdbc, PrivateEndpointProperties properties) {
        this.jdbc = jdbc;
        this.recheck = properties.waitRecheck();
    }

    /** Starts waiting for a change of a registration; register before reading it, so that no change is missed. */
    Waiter register(UUID registrationId) {
        Waiter waiter = new Waiter(registrationId);
        waiting.computeIfAbsent(registrationId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    @EventListener
    void on(EndpointStatusChanged change) {
        wakeAfterCommit(change.registrationId());
    }

    @EventListener
    void on(EndpointRemoved removal) {
        wakeAfterCommit(removal.registrationId());
    }

    private void wakeAfterCommit(UUID registrationId) {
        if (!waiting.containsKey(registrationId)) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake(registrationId);
                }
            });
        } else {
            wake(registrationId);
        }
    }

    private void wake(UUID registrationId) {
        Set<Waiter> waiters = waiting.get(registrationId);
        if (waiters != null) {
            waiters.forEach(Waiter::wake);
        }
    }

    /** Wakes the readers whose registration changed (or went away) on another replica. */
    void recheck() {
        if (waiting.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(waiting.keySet());
        Map<UUID, Long> sequences = new java.util.HashMap<>();
        jdbc.sql("select id, event_sequence from private_endpoint where id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> sequences.put(rs.getObject("id", UUID.class), rs.getLong("event_sequence")))
                .list();
        for (UUID id : ids) {
            Long sequence = sequences.get(id);
            Set<Waiter> waiters = waiting.get(id);
            if (waiters != null) {
                waiters.stream().filter(w -> sequence == null || sequence != w.seenSequence).forEach(Waiter::wake);
            }
        }
    }

    // ---- the rechecker: one virtual thread per replica ----

    @Override
    public void start() {
        rechecker = Thread.ofVirtual().name("status-wait-recheck").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(recheck);
                    recheck();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Could not recheck the registrations readers wait for: {}", e.toString());
                }
            }
        });
    }

    /**
     * Shutting down: every waiting reader answers with what it has now, and later ones do not wait. Stops
     * before the web server's graceful shutdown, which would otherwise wait for the readers' timeouts.
     */
    @Override
    public void stop() {
        stopped = true;
        Thread thread = rechecker;
        if (thread != null) {
            thread.interrupt();
        }
        rechecker = null;
        waiting.values().forEach(waiters -> waiters.forEach(Waiter::wake));
    }

    @Override
    public boolean isRunning() {
        return rechecker != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** One reader's wait: woken by a change, or given up at its deadline. */
    final class Waiter implements AutoCloseable {

        private final UUID registrationId;
        private final CompletableFuture<Void> changed = new CompletableFuture<>();
        private volatile long seenSequence = -1;

        private Waiter(UUID registrationId) {
            this.registrationId = registrationId;
        }

        /** The change number of the registration as the reader last read it. */
        void saw(long sequence) {
            this.seenSequence = sequence;
        }

        private void wake() {
            changed.complete(null);
        }

        /** Parks until woken or until {@code atMost} has passed. */
        void await(Duration atMost) {
            if (stopped) {
                return;
            }
            try {
                changed.get(Math.max(1, atMost.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the deadline came first: the reader answers with what it has
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            waiting.computeIfPresent(registrationId, (id, waiters) -> {
                waiters.remove(this);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }
}
