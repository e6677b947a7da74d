package dev.privatelink.sandbox.customer;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.sandbox.model.SandboxConnection;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.security.Caller;

/** What the customer's side of both clouds shares: the sandbox's state, and deleting an endpoint. */
abstract class CustomerEndpoints {

    private static final int TRANSITION_ATTEMPTS = 5;

    protected final SandboxServices services;
    protected final SandboxConnections connections;
    protected final SandboxSettings settings;
    private final Clock clock;

    CustomerEndpoints(SandboxServices services, SandboxConnections connections, SandboxSettings settings, Clock clock) {
        this.services = services;
        this.connections = connections;
        this.settings = settings;
        this.clock = clock;
    }

    abstract CloudProvider provider();

    /** A stable, plausible AWS account id per organization, so different tenants show different owners. */
    static String accountOf(Caller caller) {
        long bits = caller.organizationId().getMostSignificantBits() ^ caller.organizationId().getLeastSignificantBits();
        return String.format("%012d", Math.floorMod(bits, 1_000_000_000_000L));
    }

    /** The clock's time at the database's precision, so what is stored and what is compared agree. */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Deletes an endpoint (its connection moves on), retrying when the platform's side changed it meanwhile. */
    protected SandboxConnection deleteEndpoint(SandboxConnection endpoint) {
        SandboxConnection current = endpoint;
        for (int attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
            SandboxConnection next = current.deleteEndpoint(now(), settings.latency());
            if (next == current || connections.replace(current, next)) {
                return next;
            }
            current = connections.find(provider(), endpoint.endpointId()).orElseThrow();
        }
        throw new IllegalStateException("endpoint " + endpoint.endpointId() + " kept changing under concurrent calls");
    }
}
