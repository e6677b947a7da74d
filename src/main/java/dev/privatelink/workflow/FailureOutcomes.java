package dev.privatelink.workflow;

import java.util.Optional;

/**
 * What an exception thrown by a step means for its workflow. A module whose calls throw classified
 * failures (the cloud port's) provides one as a bean; steps then let such exceptions through, and
 * the engine still throttles, retries or fails as the failure says. An exception no bean recognises
 * is a counted retry with code {@code STEP_ERROR}.
 */
public interface FailureOutcomes {

    /** The outcome {@code failure} stands for, or empty when it is not one of this module's. */
    Optional<StepOutcome> outcomeOf(RuntimeException failure);
}
