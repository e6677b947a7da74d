package dev.privatelink.endpoint.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.EndpointStatusChanged;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What operators watch about registrations: how many stand in each status
 * ({@code privatelink.endpoint.registrations}, read from the database, so every replica reports the same
 * figures), and how long a registration takes from being registered to {@code Ready}
 * ({@code privatelink.endpoint.time.to.ready}, a histogram by provider, recorded once the change commits).
 * A registration registered again counts from its first registration.
 */
@Component
class RegistrationMetrics {

    static final String REGISTRATIONS = "privatelink.endpoint.registrations";
    static final String TIME_TO_READY = "privatelink.endpoint.time.to.ready";
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final EndpointRegistrations registrations;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of());

    RegistrationMetrics(MeterRegistry registry, JdbcClient jdbc, EndpointRegistrations registrations, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.registrations = registrations;
        this.clock = clock;
        for (EndpointStatus status : EndpointStatus.values()) {
            Gauge.builder(REGISTRATIONS, this, m -> m.current().byStatus().getOrDefault(status, 0L))
                    .description("Registered private endpoints by status").tag("status", status.name()).register(registry);
        }
    }

    @EventListener
    void on(EndpointStatusChanged change) {
        // reached by its workflow; one healed by the reconciliation sweep did not take that long to connect
        if (change.status() != EndpointStatus.READY || change.previous() == null || !change.previous().isInProgress()) {
            return;
        }
        registrations.findById(change.registrationId()).ifPresent(registration -> {
            Duration took = Duration.between(registration.createdAt(), change.at());
            Runnable record = () -> Timer.builder(TIME_TO_READY)
                    .description("From registration to Ready")
                    .tag("provider", change.provider().wireName())
                    .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
                            Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7))
                    .register(registry)
                    .record(took.isNegative() ? Duration.ZERO : took);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        record.run();
                    }
                });
            } else {
                record.run();
            }
        });
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = clock.instant();
        if (Duration.between(last.at(), now).compareTo(REFRESH) < 0) {
            return last;
        }
        try {
            Map<EndpointStatus, Long> counts = new EnumMap<>(EndpointStatus.class);
            jdbc.sql("select status, count(*) as n from private_endpoint group by status")
                    .query(rs -> {
                        long n = rs.getLong("n");
                        EndpointStatus.parse(rs.getString("status")).ifPresent(s -> counts.put(s, n));
                    });
            snapshot = new Snapshot(now, counts);
        } catch (RuntimeException e) {
            // the database is unreachable: keep the last figures rather than failing the scrape
            snapshot = new Snapshot(now, last.byStatus());
        }
        return snapshot;
    }

    private record Snapshot(Instant at, Map<EndpointStatus, Long> byStatus) {
    }
}
