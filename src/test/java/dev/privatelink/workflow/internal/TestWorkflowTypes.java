package dev.privatelink.workflow.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A workflow type registered in the shared test context: its first step fails terminally with
 * {@code NOT_APPROVED} unless the subject was approved, so an operator retry after approval resumes it.
 */
@Configuration(proxyBeanMethods = false)
class TestWorkflowTypes {

    static final String APPROVAL = "test.approval";

    private static final Set<UUID> APPROVED = ConcurrentHashMap.newKeySet();
    private static final Map<UUID, String> OUTCOMES = new ConcurrentHashMap<>();

    /** Cancelled by the operator: the subject records it; a retry is always possible. */
    private static final dev.privatelink.workflow.OperatorOutcomes APPROVAL_OPERATOR_OUTCOMES =
            dev.privatelink.workflow.OperatorOutcomes.of(w -> OUTCOMES.put(w.subjectId(), "CANCELLED"), w -> true);

    static void approve(UUID subject) {
        APPROVED.add(subject);
    }

    static String outcome(UUID subject) {
        return OUTCOMES.get(subject);
    }

    @Bean
    WorkflowType approvalWorkflow() {
        return new WorkflowType() {
            @Override
            public dev.privatelink.workflow.OperatorOutcomes operatorOutcomes() {
                return APPROVAL_OPERATOR_OUTCOMES;
            }

            @Override
            public String name() {
                return APPROVAL;
            }

            @Override
            public List<Step> steps() {
                return List.of(
                        Step.of("check-approval", c -> APPROVED.contains(c.subjectId())
                                ? StepOutcome.done()
                                : StepOutcome.fail("NOT_APPROVED", "subject " + c.subjectId() + " is not approved")),
                        Step.of("provision", c -> StepOutcome.done()));
            }

            @Override
            public void onSucceeded(WorkflowRef workflow) {
                OUTCOMES.put(workflow.subjectId(), "SUCCEEDED");
            }

            @Override
            public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
                OUTCOMES.put(workflow.subjectId(), "FAILED:" + reasonCode);
            }
        };
    }
}
