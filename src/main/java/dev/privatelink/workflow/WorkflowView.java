package dev.privatelink.workflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A workflow as callers and operators see it; resources built on the engine embed it (e.g. as their
 * {@code workflow} field).
 *
 * @param currentStep   the step running, waiting or last run (the failed one for FAILED)
 * @param attempt       the current step's attempt (counted retries only), 1-based
 * @param nextAttemptAt when the current step runs next; {@code null} once the workflow is final
 * @param lastError     the last error of the workflow, {@code null} when none
 * @param history       the latest step executions (at most {@code WorkflowViews.HISTORY_LIMIT}, 50), oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowView(UUID id, String type, UUID subjectId, WorkflowStatus status, String currentStep,
                           int attempt, Instant nextAttemptAt, Error lastError, List<HistoryEntry> history,
                           Instant createdAt, Instant updatedAt) {

    /** An error code (the cloud's or ours) and its message. */
    @Schema(name = "WorkflowError")
    public record Error(String code, String message) {
    }

    /**
     * One execution of a step, or a run of identical WAIT or THROTTLED executions of it.
     *
     * @param startedAt  when the (first) execution started
     * @param finishedAt when the (last) execution finished
     * @param outcome    DONE, WAIT, RETRY, THROTTLED, FAIL, EXPIRED (waited past the deadline),
     *                   EXHAUSTED (retries or deadline used up), CANCELLED
     * @param times      how many executions in a row this entry stands for (1 but for repeated WAIT or THROTTLED)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String step, int attempt, Instant startedAt, Instant finishedAt, String outcome,
                               String errorCode, String errorMessage, int times) {
    }
}
