package dev.privatelink.endpoint.web;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.web.ApiException;
import org.springframework.boot.convert.DurationStyle;

/**
 * What a reader waits for ({@code ?waitFor=Ready,Failed&timeout=30s}): the statuses that end the wait,
 * and for how long at most.
 */
record StatusWait(Set<EndpointStatus> statuses, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @return empty when the reader does not wait
     * @throws ApiException 400 naming the parameter for an unknown status, a malformed or too long timeout,
     *                      or a timeout without waitFor
     */
    static Optional<StatusWait> parse(String waitFor, String timeout, Duration maxWait) {
        if (waitFor == null) {
            if (timeout != null) {
                throw ApiException.badRequest("timeout needs waitFor: name the status to wait for, e.g. waitFor=Ready&timeout=30s");
            }
            return Optional.empty();
        }
        Set<EndpointStatus> statuses = EnumSet.noneOf(EndpointStatus.class);
        for (String name : waitFor.split(",", -1)) {
            statuses.add(EndpointStatus.parse(name.strip()).orElseThrow(() -> ApiException.badRequest("waitFor '" + name.strip()
                    + "' is not a status; expected one or more of " + Arrays.stream(EndpointStatus.values())
                    .map(EndpointStatus::wireName).collect(Collectors.joining(", ")) + ", separated by commas")));
        }
        Duration wait = timeout == null ? min(DEFAULT_TIMEOUT, maxWait) : parseTimeout(timeout);
        if (wait.isNegative()) {
            throw ApiException.badRequest("timeout must not be negative, got '" + timeout + "'");
        }
        if (wait.compareTo(maxWait) > 0) {
            throw ApiException.badRequest("timeout '" + timeout + "' is longer than the longest wait, "
                    + DurationStyle.SIMPLE.print(maxWait, ChronoUnit.SECONDS) + "; wait again after it answers");
        }
        return Optional.of(new StatusWait(Set.copyOf(statuses), wait));
    }

    /**
     * Whether a registration in this status ends the wait: one of the statuses waited for, or a settled one
     * (it does not change by itself), unless the reader waits for a removal someone else makes.
     */
    boolean endsAt(EndpointStatus status) {
        return statuses.contains(status) || (status.isSettled() && !statuses.contains(EndpointStatus.DELETING));
    }

    private static Duration parseTimeout(String timeout) {
        try {
            return DurationStyle.detectAndParse(timeout.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("timeout '" + timeout + "' is not a duration; use e.g. 30s, 500ms or PT1M");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
