package dev.privatelink.reverseendpoint.provisioning;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpoints;
import org.springframework.stereotype.Component;

/**
 * Batched polling of reverse endpoints: one describe of a region serves every endpoint that looks at
 * that region within a short window. The describe covers every endpoint of the region whose creation
 * or deletion is under way (read from our table when it goes out) and every id asked for while it
 * gathered (the first asker waits a moment for company), so a thousand endpoints waiting in one region
 * cost one describe per window (EC2 takes up to 200 ids a call), not a thousand. MSK connections are
 * listed a region at a time. A failed describe is not reused.
 */
@Component
public class CloudObservations {

    /** The statuses whose endpoints are followed in the cloud: creation or deletion under way. */
    private static final Set<ReverseEndpointStatus> FOLLOWED = EnumSet.of(ReverseEndpointStatus.PROVISIONING,
            ReverseEndpointStatus.PENDING_ACCEPTANCE, ReverseEndpointStatus.DELETING);
    private static final Set<ReverseEndpointType> VPC_TYPES = EnumSet.of(ReverseEndpointType.VPC_ENDPOINT_SERVICE,
            ReverseEndpointType.VPC_RESOURCE);

    private final CloudBackends clouds;
    private final ReverseEndpoints endpoints;
    private final long windowNanos;
    private final long gatherNanos;
    private final Map<String, Listing<VpcEndpoint>> vpcListings = new ConcurrentHashMap<>();
    private final Map<String, Listing<MskVpcConnection>> mskListings = new ConcurrentHashMap<>();
    private final AtomicLong cloudCalls = new AtomicLong();

    CloudObservations(CloudBackends clouds, ReverseEndpoints endpoints, ReverseEndpointProperties properties) {
        this.clouds = clouds;
        this.endpoints = endpoints;
        this.windowNanos = properties.observationWindow().toNanos();
        this.gatherNanos = windowNanos / 2;
    }

    /** The VPC endpoint as a describe of its region at most one window old saw it; empty when the cloud does not know it. */
    public Optional<VpcEndpoint> vpcEndpoint(String region, String vpcEndpointId) {
        ReverseVpcEndpoints cloud = vpcEndpoints();
        return observe(vpcListings, region, vpcEndpointId, () -> new LinkedHashSet<>(endpoints.cloudIds(region, VPC_TYPES, FOLLOWED)),
                ids -> cloud.describeVpcEndpoints(region, ids).stream()
                .collect(Collectors.toMap(VpcEndpoint::vpcEndpointId, e -> e, (a, b) -> a)));
    }

    /** The MSK connection as a listing of its region at most one window old saw it; empty when MSK does not know it. */
    public Optional<MskVpcConnection> mskConnection(String region, String vpcConnectionArn) {
        MskVpcConnections cloud = clouds.mskVpcConnections(CloudProvider.AWS).orElseThrow(() -> unavailable("MSK VPC connections"));
        return observe(mskListings, region, vpcConnectionArn, () -> null, all -> cloud.listMskVpcConnections(region).stream()
                .collect(Collectors.toMap(MskVpcConnection::vpcConnectionArn, c -> c, (a, b) -> a)));
    }

    /** How many describes and listings went to the cloud since start (for measuring the batching). */
    long cloudCalls() {
        return cloudCalls.get();
    }

    /**
     * @param covering which ids a new listing asks for besides those asked while it gathered; {@code null}
     *                 means the listing covers everything
     */
    private <T> Optional<T> observe(Map<String, Listing<T>> listings, String region, String id, Supplier<Set<String>> covering,
                                    Function<Set<String>, Map<String, T>> describe) {
        for (int round = 0; round < 2; round++) {
            long notStartedBefore = System.nanoTime() - windowNanos;
            Listing<T> listing = listings.compute(region, (r, current) -> current != null && current.serves(id, notStartedBefore)
                    ? current : new Listing<>(System.nanoTime()));
            listing.asked.add(id);
            if (listing.claimed.compareAndSet(false, true)) {
                try {
                    gather();
                    Set<String> ids = covering.get();
                    if (ids != null) {
                        ids.addAll(listing.asked);
                    }
                    listing.covered = ids == null ? Listing.EVERYTHING : ids;
                    cloudCalls.incrementAndGet();
                    listing.result.complete(describe.apply(ids));
                } catch (RuntimeException e) {
                    listing.result.completeExceptionally(e);
                    listings.remove(region, listing);
                }
            }
            Map<String, T> seen;
            try {
                seen = listing.result.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            if (listing.covers(id)) {
                return Optional.ofNullable(seen.get(id));
            }
            // joined a describe that had started without this id: the next round starts one with it
        }
        throw new IllegalStateException("no describe of " + region + " covered " + id);
    }

    /** The first to ask waits a moment, so that the steps running alongside share its describe. */
    private void gather() {
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(gatherNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // describe what there is
        }
    }

    private ReverseVpcEndpoints vpcEndpoints() {
        return clouds.reverseVpcEndpoints(CloudProvider.AWS).orElseThrow(() -> unavailable("reverse VPC endpoints"));
    }

    private static CloudException unavailable(String what) {
        return new CloudException(CloudProvider.AWS, "observe", "NotOffered", CloudErrorKind.TERMINAL,
                "the AWS backend offers no " + what);
    }

    private static final class Listing<T> {
        static final Set<String> EVERYTHING = Set.of("*");

        final long startedAt;
        final CompletableFuture<Map<String, T>> result = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        /** The ids asked for while it gathered: covered even if our table does not list them as followed. */
        final Set<String> asked = ConcurrentHashMap.newKeySet();
        /** Which ids the describe asked for; {@code null} until its claimant has read them. */
        volatile Set<String> covered;

        Listing(long startedAt) {
            this.startedAt = startedAt;
        }

        boolean serves(String id, long notStartedBefore) {
            return startedAt - notStartedBefore >= 0 && !result.isCompletedExceptionally()
                    && (covered == null || covers(id));
        }

        boolean covers(String id) {
            Set<String> ids = covered;
            return ids == EVERYTHING || (ids != null && ids.contains(id));
        }
    }
}
