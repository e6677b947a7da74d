package dev.privatelink.workflow;

import java.util.UUID;

/** Which workflow, of which type, over which subject: what the end-of-workflow callbacks receive. */
public record WorkflowRef(UUID workflowId, String type, UUID subjectId) {
}
