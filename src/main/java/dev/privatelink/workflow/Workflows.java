package dev.privatelink.workflow;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
 *     workflows.start("inbound-endpoint.create", r.id());   // commits with the registration
 *     return r;
 * }
 *
 * @Transactional
 * void delete(Registration r) {
 *     workflows.cancelFor(null, r.id());                    // a running create stops cleanly
 *     r.markDeleting();
 *     workflows.start("inbound-endpoint.delete", r.id());   // which undoes what the create made
 * }
 * }</pre>
 */
@Service
public class Workflows {

    /**
     * Starts a workflow of {@code type} over {@code subjectId}; its first step runs once the caller's
     * transaction commits (and never if it rolls back). Must be called inside that transaction.
     *
     * @return the new workflow's id
     * @throws IllegalArgumentException when no {@link WorkflowType} bean has that name
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID start(String type, UUID subjectId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Cancels an active workflow: it stops before its next step, and a step executing right now
     * cannot commit its outcome. Calls {@link WorkflowType#onCancelled} in this transaction (joins the
     * caller's, if any).
     *
     * @return {@code true} if it was active and is now cancelled, {@code false} if it had already finished
     * @throws java.util.NoSuchElementException when there is no such workflow
     */
    @Transactional
    public boolean cancel(UUID workflowId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Cancels every active workflow over {@code subjectId}, of {@code type} or of any type when
     * {@code type} is {@code null} ("delete supersedes a running create").
     *
     * @return the ids of the workflows cancelled
     */
    @Transactional
    public List<UUID> cancelFor(String type, UUID subjectId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Re-runs a FAILED workflow from its failed step with a fresh attempt count and deadline.
     *
     * @return {@code false} when the workflow is not FAILED (nothing changed)
     * @throws java.util.NoSuchElementException when there is no such workflow
     */
    @Transactional
    public boolean retry(UUID workflowId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The workflow with its step history. */
    @Transactional(readOnly = true)
    public Optional<WorkflowView> find(UUID workflowId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The most recently started workflow over {@code subjectId}, of any type. */
    @Transactional(readOnly = true)
    public Optional<WorkflowView> findLatestFor(UUID subjectId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The most recently started workflow of {@code type} over {@code subjectId}. */
    @Transactional(readOnly = true)
    public Optional<WorkflowView> findLatestFor(String type, UUID subjectId) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
