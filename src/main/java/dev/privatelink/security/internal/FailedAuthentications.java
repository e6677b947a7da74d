package dev.privatelink.security.internal;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Budgets of failed authentications, in memory (each replica keeps its own): one per key id, one per client
 * address, and one per key at each address where it has authenticated before (a "known" address).
 *
 * <p>Once a budget has been charged with a failure, every attempt takes one unit from it before the secret
 * is checked, so that a burst of parallel guesses gets no more answers than what is left; a successful or
 * not-attempted authentication gives it back. A budget with no failure in it (full) is only charged when
 * an attempt fails: a client sending many requests at once with a key it has not used before must not be
 * refused for having them in flight together. An attempt from an unknown address pays into its key's and its address's
 * budgets; once either is empty it answers 429 until a unit has refilled. An attempt at a known address
 * pays only into that key-and-address budget. So a stranger who floods a key with wrong secrets cannot lock
 * its owner out where the owner has used it in the last {@code known-address-retention}; the owner's new
 * addresses wait for the flood to stop (or its budget to refill) like anyone's.
 */
final class FailedAuthentications {

    /** The key id of credentials too malformed to name a key: only their address's budget applies. */
    static final String NO_KEY = "";

    private static final int MAX_TRACKED = 100_000;

    private final AuthenticationThrottleProperties settings;
    private final TimeMeter time;
    private final Cache<String, Bucket> perKey;
    private final Cache<String, Bucket> perAddress;
    private final Cache<String, Bucket> perKnownAddress;
    private final Cache<String, Boolean> knownAddresses;

    FailedAuthentications(AuthenticationThrottleProperties settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        // a budget untouched for a whole window is full again: forgetting it changes nothing
        this.perKey = budgets(nanoTime);
        this.perAddress = budgets(nanoTime);
        this.perKnownAddress = budgets(nanoTime);
        this.knownAddresses = Caffeine.newBuilder().ticker(nanoTime::getAsLong).maximumSize(MAX_TRACKED)
                .expireAfterWrite(settings.knownAddressRetention()).build();
    }

    private Cache<String, Bucket> budgets(LongSupplier nanoTime) {
        return Caffeine.newBuilder().ticker(nanoTime::getAsLong).maximumSize(MAX_TRACKED)
                .expireAfterAccess(settings.window()).build();
    }

    /**
     * One attempt at authenticating: the budgets it was charged to, those to charge should it fail (they
     * were full), or how long to wait when one is empty.
     */
    static final class Attempt {
        private final List<Bucket> charged;
        private final List<Bucket> chargedOnFailure;
        private final Duration retryAfter;
        private final Budget exhausted;

        private Attempt(List<Bucket> charged, List<Bucket> chargedOnFailure, Duration retryAfter, Budget exhausted) {
            this.charged = charged;
            this.chargedOnFailure = chargedOnFailure;
            this.retryAfter = retryAfter;
            this.exhausted = exhausted;
        }

        boolean refused() {
            return retryAfter != null;
        }

        Duration retryAfter() {
            return retryAfter;
        }

        Budget exhausted() {
            return exhausted;
        }
    }

    /** Which budget refused an attempt. */
    enum Budget {
        KEY, ADDRESS, KNOWN_ADDRESS
    }

    /**
     * Charges an attempt by {@code address} at the key {@code keyId} ({@link #NO_KEY}: credentials too
     * malformed to name one) before its secret is checked.
     */
    Attempt attempt(String keyId, String address) {
        if (keyId.equals(NO_KEY)) {
            return charge(List.of(bucket(perAddress, address, settings.failuresPerAddress())),
                    List.of(settings.failuresPerAddress()), List.of(Budget.ADDRESS));
        }
        if (isKnown(keyId, address)) {
            return charge(List.of(bucket(perKnownAddress, pair(keyId, address), settings.failuresPerKey())),
                    List.of(settings.failuresPerKey()),
                    List.of(Budget.KNOWN_ADDRESS));
        }
        return charge(List.of(bucket(perKey, keyId, settings.failuresPerKey()),
                bucket(perAddress, address, settings.failuresPerAddress())),
                List.of(settings.failuresPerKey(), settings.failuresPerAddress()), List.of(Budget.KEY, Budget.ADDRESS));
    }

    /** The key authenticated: the attempt costs nothing, and the address is known for the key from now on. */
    void succeeded(Attempt attempt, String keyId, String address) {
        released(attempt);
        knownAddresses.put(pair(keyId, address), Boolean.TRUE);
    }

    /** The credentials were refused: the attempt stays charged. */
    void failed(Attempt attempt) {
        // the units of budgets with failures in them were taken up front; full ones pay now
        attempt.chargedOnFailure.forEach(bucket -> bucket.tryConsume(1));
    }

    /** The request ended without a verdict on its credentials (e.g. the database was unavailable): no charge. */
    void released(Attempt attempt) {
        attempt.charged.forEach(bucket -> bucket.addTokens(1));
    }

    private boolean isKnown(String keyId, String address) {
        return knownAddresses.getIfPresent(pair(keyId, address)) != null;
    }

    /** Takes one unit from every budget, or none when one of them is empty. */
    private Attempt charge(List<Bucket> buckets, List<Integer> capacities, List<Budget> names) {
        List<Bucket> taken = new ArrayList<>();
        List<Bucket> full = new ArrayList<>();
        Duration wait = Duration.ZERO;
        Budget exhausted = null;
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.get(i).getAvailableTokens() >= capacities.get(i)) {
                full.add(buckets.get(i));
                continue;
            }
            ConsumptionProbe probe = buckets.get(i).tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                taken.add(buckets.get(i));
            } else if (exhausted == null || probe.getNanosToWaitForRefill() > wait.toNanos()) {
                wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
                exhausted = names.get(i);
            }
        }
        if (exhausted == null) {
            return new Attempt(taken, full, null, null);
        }
        taken.forEach(bucket -> bucket.addTokens(1)); // refused: nothing is charged
        return new Attempt(List.of(), List.of(), roundedUp(wait), exhausted);
    }

    private Bucket bucket(Cache<String, Bucket> budgets, String name, int failures) {
        return budgets.get(name, n -> Bucket.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, settings.window()))
                .withCustomTimePrecision(time)
                .build());
    }

    private static Duration roundedUp(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    private static String pair(String keyId, String address) {
        return keyId + '\n' + address;
    }

    /**
     * The address a budget is kept for: the client's IP address, an IPv6 one cut to its /64 (one host
     * commonly holds a whole /64, so single IPv6 addresses are free to come by).
     */
    static String budgetAddress(String remoteAddress) {
        try {
            InetAddress address = InetAddress.ofLiteral(remoteAddress);
            if (address instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(prefix, 8, 16, (byte) 0);
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (IllegalArgumentException | java.net.UnknownHostException notAnAddress) {
            return remoteAddress;
        }
    }
}
