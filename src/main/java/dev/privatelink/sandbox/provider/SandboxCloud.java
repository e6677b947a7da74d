package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxConnection;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxService;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sandbox's AWS and Azure endpoint services share, behind the cloud port: state in the
 * database, every call through {@link SandboxCalls} (faults, ledger), time from the clock.
 */
abstract class SandboxCloud implements CloudEndpointServices, CloudEndpointConnections {

    /**
     * One DEBUG line per connection a call acts on (accept, reject), naming it: the ledger counts calls,
     * and a batched accept carries many connections, so this is where a test sees each one's calls.
     */
    private static final Logger log = LoggerFactory.getLogger(SandboxCloud.class);
    private static final int TRANSITION_ATTEMPTS = 5;

    protected final SandboxServices services;
    protected final SandboxConnections connections;
    protected final SandboxCalls calls;
    protected final SandboxSettings settings;
    protected final Clock clock;

    SandboxCloud(SandboxServices services, SandboxConnections connections, SandboxCalls calls,
                 SandboxSettings settings, Clock clock) {
        this.services = services;
        this.connections = connections;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String backendName() {
        return "sandbox";
    }

    /** The platform's account (AWS) or subscription (Azure) in the sandbox. */
    abstract String defaultAccount();

    abstract CloudException serviceNotFound(String operation, EndpointServiceRef ref);

    abstract CloudException connectionNotFound(String operation, EndpointConnection connection);

    @Override
    public EndpointServiceDescription describeEndpointService(EndpointServiceRef ref) {
        return calls.call(provider(), "describeEndpointService", ref.region(),
                () -> service("describeEndpointService", ref).describe(now(), settings.latency()));
    }

    @Override
    public List<EndpointConnection> listConnections(EndpointServiceRef ref) {
        return calls.call(provider(), "listConnections", ref.region(), () -> {
            SandboxService service = service("listConnections", ref);
            Instant now = now();
            return connections.onService(service.serviceId()).stream()
                    .map(c -> c.toPort(now, settings.latency()))
                    .toList();
        });
    }

    @Override
    public void acceptConnection(EndpointServiceRef ref, EndpointConnection connection) {
        calls.run(provider(), "acceptConnection", ref.region(), () -> acceptOne(ref, connection));
    }

    /** The accept itself, inside a recorded call. */
    void acceptOne(EndpointServiceRef ref, EndpointConnection connection) {
        transition("acceptConnection", ref, connection, c -> c.accept(now(), settings.latency(), "acceptConnection"));
    }

    /**
     * Rejects as the cloud does (a connection its owner is deleting answers the cloud's error), and
     * then as the adapters do with that answer: a connection closed or gone meanwhile
     * ({@link dev.privatelink.cloud.ConnectionState#isClosed}) is rejected enough.
     */
    @Override
    public void rejectConnection(EndpointServiceRef ref, EndpointConnection connection, String reason) {
        calls.run(provider(), "rejectConnection", ref.region(), () -> {
            try {
                transition("rejectConnection", ref, connection, c -> c.reject(now(), settings.latency(), reason, "rejectConnection"));
            } catch (CloudException e) {
                if (!closedOrGone(e, ref, connection)) {
                    throw e;
                }
            }
        });
    }

    private boolean closedOrGone(CloudException refusal, EndpointServiceRef ref, EndpointConnection target) {
        if (refusal.kind() == CloudErrorKind.NOT_FOUND) {
            return true;
        }
        if (refusal.kind() != CloudErrorKind.TERMINAL) {
            return false;
        }
        Instant now = now();
        return connections.onService(service("rejectConnection", ref).serviceId()).stream()
                .map(c -> c.toPort(now, settings.latency()))
                .filter(c -> c.matches(target.endpointId()))
                .findFirst().map(c -> c.state().isClosed()).orElse(true);
    }

    /** Finds the service a ref addresses; another account or region does not see it, as in the clouds. */
    protected SandboxService service(String operation, EndpointServiceRef ref) {
        if (ref.cloudResourceId() == null) {
            throw serviceNotFound(operation, ref);
        }
        String account = ref.account() == null ? defaultAccount() : ref.account();
        return services.find(provider(), ref.cloudResourceId())
                .filter(s -> s.account().equals(account))
                .filter(s -> ref.region() == null || s.region().equals(ref.region()))
                .orElseThrow(() -> serviceNotFound(operation, ref));
    }

    /** Applies a transition to a connection of the service, retrying when another replica changed it meanwhile. */
    private void transition(String operation, EndpointServiceRef ref, EndpointConnection target,
                            UnaryOperator<SandboxConnection> change) {
        SandboxService service = service(operation, ref);
        for (int attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
            SandboxConnection current = connections.find(provider(), target.endpointId())
                    .or(() -> target.endpointResourceId() == null ? Optional.empty()
                            : connections.find(provider(), target.endpointResourceId()))
                    .filter(c -> c.serviceId().equals(service.serviceId()))
                    .orElseThrow(() -> connectionNotFound(operation, target));
            SandboxConnection next = change.apply(current);
            if (next == current || connections.replace(current, next)) {
                log.debug("{} {} {}: {} -> {}", provider().wireName(), operation, current.endpointId(), current.state(), next.state());
                return;
            }
        }
        throw new CloudException(provider(), operation, "ConcurrentModification", CloudErrorKind.RETRYABLE,
                "the connection kept changing under concurrent calls; retry");
    }

    /** The clock's time at the database's precision, so what is stored and what is compared agree. */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
