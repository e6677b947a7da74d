package dev.privatelink.workflow;

import java.time.Instant;
import java.util.UUID;

/**
 * What a step knows when it runs. The step reads the subject's persisted state itself (by
 * {@link #subjectId()}); no database transaction is open while it runs.
 *
 * @param workflowId    the workflow
 * @param workflowType  its type's name
 * @param subjectId     the persisted subject the workflow works on (e.g. a registration's id)
 * @param step          this step's name
 * @param attempt       1 for the first attempt of this step, counting only {@link StepOutcome.Retry} outcomes
 * @param stepStartedAt when this step first ran (waits and retries keep it)
 * @param deadline      when waiting or retrying in this step ends
 * @param now           the engine clock's time of this execution
 */
public record StepContext(UUID workflowId, String workflowType, UUID subjectId, String step, int attempt,
                          Instant stepStartedAt, Instant deadline, Instant now) {

    /**
     * A stable idempotency token for cloud calls of this step (e.g. EC2 {@code ClientToken}): the same
     * for every attempt and every replica, so that a repeated call after a crash finds instead of duplicates.
     */
    public String idempotencyToken() {
        return workflowId + "-" + step;
    }
}
