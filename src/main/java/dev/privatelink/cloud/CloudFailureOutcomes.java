package dev.privatelink.cloud;

import java.time.Duration;
import java.util.Optional;

import dev.privatelink.workflow.FailureOutcomes;
import dev.privatelink.workflow.StepOutcome;
import org.springframework.stereotype.Component;

/**
 * What a failed cloud call means for the workflow step that made it, decided by its classification:
 * {@code TERMINAL} fails with the cloud's code; {@code THROTTLED} and {@code UNAVAILABLE} (our own
 * budget or an open circuit) are rescheduled after the Retry-After hint without counting an attempt;
 * {@code RETRYABLE} and {@code NOT_FOUND} are counted retries honouring the hint. Steps let
 * {@link CloudException}s through to the engine, which asks this; a step for which "not found" means
 * something else (already deleted, not visible yet) catches that case itself.
 */
@Component
public class CloudFailureOutcomes implements FailureOutcomes {

    @Override
    public Optional<StepOutcome> outcomeOf(RuntimeException failure) {
        return failure instanceof CloudException cloud ? Optional.of(of(cloud)) : Optional.empty();
    }

    /** The outcome for one classified cloud failure. */
    public static StepOutcome of(CloudException e) {
        String code = e.code() == null ? e.kind().name() : e.code();
        String message = e.operation() == null ? e.getMessage() : e.operation() + ": " + e.getMessage();
        Duration hint = e.retryAfter().filter(Duration::isPositive).orElse(null);
        return switch (e.kind()) {
            case TERMINAL -> StepOutcome.fail(code, message);
            case THROTTLED, UNAVAILABLE ->
                    StepOutcome.throttled(code, message, hint == null ? StepOutcome.DEFAULT_THROTTLE_DELAY : hint);
            case RETRYABLE, NOT_FOUND -> StepOutcome.retry(code, message, hint);
        };
    }
}
