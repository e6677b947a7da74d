package dev.privatelink.workflow;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.workflow.internal.WorkflowBatches;
import dev.privatelink.workflow.internal.WorkflowEngine;
import dev.privatelink.workflow.internal.WorkflowViews;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The entry point other modules use to run workflows on the durable engine.
 *
 * <p>Typical use, in the service that changes a subject:
 * <pre>{@code
 * @Transactional
 * Registration register(...) {
 *     Registration r = registrations.save(Registration.pending(...));
 *     workflows.start("inbound-endpoint.register", r.id());   // commits with the registration
 *     return r;
 * }
 *
 * @Transactional
 * void delete(Registration r) {
 *     workflows.cancelFor(null, r.id());                    // a running register stops cleanly
 *     r.markDeleting();
 *     workflows.start("inbound-endpoint.remove", r.id());   // which undoes what the register made
 * }
 * }</pre>
 */
@Service
public class Workflows {

    private final WorkflowEngine engine;
    private final WorkflowViews views;
    private final WorkflowBatches batches;

    Workflows(WorkflowEngine engine, WorkflowViews views, WorkflowBatches batches) {
        this.engine = engine;
        this.views = views;
        this.batches = batches;
    }

    /**
     * Runs a batch for a key now (after the caller's transaction commits, if one is open): every
     * workflow parked there is decided afresh. A periodic sweep ("observe every registration of this
     * endpoint service now") parks its workflows on the key, or calls this for the key.
     */
    public void runBatch(String batch, String key) {
        batches.runSoon(batch, key);
    }

    /**
     * Starts a workflow of {@code type} over {@code subjectId}; its first step runs once the caller's
     * transaction commits (and never if it rolls back). Must be called inside that transaction.
     *
     * @return the new workflow's id
     * @throws IllegalArgumentException when no {@link WorkflowType} bean has that name
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID start(String type, UUID subjectId) {
        return engine.start(type, subjectId);
    }

    /**
     * The platform operator cancels an active workflow: it stops before its next step, and a step
     * executing right now cannot commit its outcome. Its subject takes the type's
     * {@link OperatorOutcomes#cancelled} in this transaction (joins the caller's, if any).
     *
     * @return {@code true} if it was active and is now cancelled, {@code false} if it had already finished
     * @throws java.util.NoSuchElementException when there is no such workflow
     */
    @Transactional
    public boolean cancel(UUID workflowId) {
        return engine.cancel(workflowId).orElseThrow(() -> unknown(workflowId));
    }

    /**
     * Supersedes every active workflow over {@code subjectId}, of {@code type} or of any type when
     * {@code type} is {@code null} ("a removal supersedes a running registration"). The subject's status
     * is the caller's to set: only {@link WorkflowType#onCancelled} runs.
     *
     * @return the ids of the workflows cancelled
     */
    @Transactional
    public List<UUID> cancelFor(String type, UUID subjectId) {
        return engine.cancelFor(type, subjectId);
    }

    /**
     * The platform operator re-runs a FAILED workflow (or one the operator cancelled, unless a newer one
     * runs over its subject) from its current step with a fresh attempt count and deadline. The subject
     * is locked first, then moved out of its failed status ({@link OperatorOutcomes#retried}) in the same
     * transaction as the reschedule.
     *
     * @throws java.util.NoSuchElementException when there is no such workflow
     */
    @Transactional
    public RetryResult retry(UUID workflowId) {
        return engine.retry(workflowId).orElseThrow(() -> unknown(workflowId));
    }

    /** Whether any workflow over {@code subjectId} is running or waiting. */
    @Transactional(readOnly = true)
    public boolean anyActiveFor(UUID subjectId) {
        return engine.anyActiveFor(subjectId);
    }

    /** The workflow with its step history (one statement: no transaction of its own). */
    public Optional<WorkflowView> find(UUID workflowId) {
        return views.find(workflowId);
    }

    /** The most recently started workflow over {@code subjectId}, of any type (one statement: no transaction of its own). */
    public Optional<WorkflowView> findLatestFor(UUID subjectId) {
        return views.findLatestFor(null, subjectId);
    }

    /** The most recently started workflow of {@code type} over {@code subjectId}. */
    public Optional<WorkflowView> findLatestFor(String type, UUID subjectId) {
        return views.findLatestFor(type, subjectId);
    }

    /** The names of the registered workflow types. */
    public Set<String> typeNames() {
        return engine.types().keySet();
    }

    /** A page of workflows (without history) in creation order, optionally filtered; one extra when more follow. */
    @Transactional(readOnly = true)
    public List<WorkflowView> page(WorkflowStatus status, String type, Instant afterCreatedAt, UUID afterId, int limit) {
        return views.page(status, type, afterCreatedAt, afterId, limit);
    }

    private static NoSuchElementException unknown(UUID workflowId) {
        return new NoSuchElementException("no workflow " + workflowId);
    }
}
