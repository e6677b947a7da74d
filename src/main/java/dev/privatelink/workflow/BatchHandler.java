package dev.privatelink.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Work that many workflows wait on together: one cloud call (a listing, a describe, an accept of many
 * ids) serves all of them. A step answers {@link StepOutcome#await} naming the batch and its keys
 * (e.g. an endpoint service's id) and frees its thread; the engine then runs the batch for each key
 * (one db-scheduler execution per key, on whichever replica claims it, never two at once) with every
 * workflow parked there, and commits the outcomes this handler decides for them in one transaction,
 * as if their steps had returned them. Register implementations as Spring beans.
 *
 * <p>{@link #decide} runs with no transaction open and may call the cloud. An exception it throws is
 * what a step throwing it would be for each parked workflow (a throttled listing reschedules them all).
 */
public interface BatchHandler {

    /** Stable, unique name, used in {@link StepOutcome#await}. */
    String batch();

    /**
     * How far apart the runs of one busy key start at least (a run that served several workflows is
     * followed no sooner), so that a burst shares its cloud calls; a lone workflow is served at once.
     */
    default Duration minInterval() {
        return Duration.ZERO;
    }

    /**
     * The outcomes of the parked workflows whose steps are decided now; a workflow left out stays
     * parked (until a later run, or its step's recheck). Answering {@link StepOutcome.Await} keeps it
     * parked with a change committed (e.g. a status that says what it waits for).
     */
    Decisions decide(String key, List<Parked> parked);

    /**
     * A workflow parked on a key.
     *
     * @param primary whether the key is the first the step named (e.g. the organization's own endpoint
     *                service): the one whose run speaks for the workflow when nothing is found
     * @param parkedAt when its step parked it
     */
    record Parked(UUID workflowId, String workflowType, UUID subjectId, String step, int attempt,
                  Instant stepStartedAt, Instant deadline, boolean primary, Instant parkedAt) {
    }

    /**
     * @param outcomes     by workflow id
     * @param runAgainIn   run the batch again this soon even if no new workflow parks (something it did
     *                     settles shortly, e.g. an accepted connection); {@code null} for no
     */
    record Decisions(Map<UUID, StepOutcome> outcomes, Duration runAgainIn) {
        public Decisions {
            outcomes = Map.copyOf(outcomes);
        }

        public static Decisions none() {
            return new Decisions(Map.of(), null);
        }
    }
}
