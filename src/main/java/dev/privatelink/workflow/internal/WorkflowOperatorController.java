package dev.privatelink.workflow.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.Pages;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.WorkflowView;
import dev.privatelink.workflow.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's view of the workflow engine: list, inspect, retry a failed workflow, cancel. */
@Tag(name = "Operator: workflows")
@RestController
@RequestMapping("/v1/operator/workflows")
class WorkflowOperatorController {

    private final Workflows workflows;

    WorkflowOperatorController(Workflows workflows) {
        this.workflows = workflows;
    }

    @Operation(operationId = "listWorkflows", summary = "List workflows (OPERATOR)", description = "Oldest first, optionally by status and type; without history.")
    @GetMapping
    Envelope<List<WorkflowView>> list(@AuthenticationPrincipal Caller caller,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String type,
                                      @RequestParam(required = false) Integer pageSize,
                                      @RequestParam(required = false) String pageToken) {
        caller.requireOperator();
        WorkflowStatus wanted = status(status);
        if (type != null && !workflows.typeNames().contains(type)) {
            throw ApiException.badRequest("type must be one of " + workflows.typeNames().stream().sorted().toList()
                    + ", got '" + type + "'");
        }
        ListWindow window = ListWindow.page(pageSize, pageToken);
        List<WorkflowView> page = workflows.page(wanted, type, window.after().createdAt(), window.after().uuid(),
                window.fetchLimit());
        return Pages.envelopeEach(page, window, WorkflowView::createdAt, w -> w.id().toString(), w -> w);
    }

    @Operation(operationId = "getWorkflow", summary = "Get a workflow with its step history (OPERATOR)")
    @GetMapping("/{id}")
    Envelope<WorkflowView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireOperator();
        return Envelope.ok(find(id));
    }

    @Operation(operationId = "retryWorkflow", summary = "Retry a FAILED or operator-cancelled workflow from its step (OPERATOR)",
            description = "Its subject leaves its failed status at once (e.g. a registration goes back to Provisioning, "
                    + "reason RETRIED) and the step runs again with a fresh attempt count and deadline. 409 unless FAILED "
                    + "or cancelled by the operator (and not superseded since), or when its subject is gone.")
    @PostMapping("/{id}/retry")
    @Transactional
    Envelope<WorkflowView> retry(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireOperator();
        WorkflowView current = find(id);
        switch (workflows.retry(id)) {
            case RETRIED -> { }
            case NOT_RETRIABLE -> throw ApiException.conflict("workflow " + id + " is " + current.status()
                    + "; only a FAILED workflow, or one the operator cancelled and nothing has superseded, can be retried");
            case SUBJECT_GONE -> throw ApiException.conflict("workflow " + id + " cannot be retried: its subject "
                    + current.subjectId() + " no longer exists or is no longer in a status this workflow can resume");
        }
        return Envelope.ok(find(id));
    }

    @Operation(operationId = "cancelWorkflow", summary = "Cancel an active workflow (OPERATOR)",
            description = "It stops before its next step; a step running now cannot commit. Its subject settles with "
                    + "reason CANCELLED (e.g. a registration becomes Failed; a removal stays Deleting with "
                    + "REMOVAL_CANCELLED), from which it can be removed or the workflow retried. 409 when already finished.")
    @PostMapping("/{id}/cancel")
    @Transactional
    Envelope<WorkflowView> cancel(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireOperator();
        WorkflowView current = find(id);
        if (!workflows.cancel(id)) {
            throw ApiException.conflict("workflow " + id + " has already finished (" + current.status()
                    + "); only a RUNNING or WAITING workflow can be cancelled");
        }
        return Envelope.ok(find(id));
    }

    private WorkflowView find(UUID id) {
        return workflows.find(id).orElseThrow(() -> ApiException.notFound("workflow " + id + " does not exist"));
    }

    private static WorkflowStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return WorkflowStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of " + Arrays.toString(WorkflowStatus.values())
                    + ", got '" + status + "'");
        }
    }
}
