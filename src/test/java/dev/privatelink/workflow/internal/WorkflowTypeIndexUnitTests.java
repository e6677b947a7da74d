package dev.privatelink.workflow.internal;

import java.util.List;

import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.StepOutcome;
import dev.privatelink.workflow.WorkflowType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The engine refuses, when it indexes its types at start-up, a type an operator's cancel or retry would strand. */
class WorkflowTypeIndexUnitTests {

    private static WorkflowType type(String name, OperatorOutcomes outcomes) {
        return new WorkflowType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Step> steps() {
                return List.of(Step.of("only", c -> StepOutcome.done()));
            }

            @Override
            public OperatorOutcomes operatorOutcomes() {
                return outcomes;
            }
        };
    }

    @Test
    void aTypeWithoutOperatorOutcomesIsRefusedWithAMessageNamingIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> WorkflowEngine.index(List.of(type("fine", EngineInstance.NO_SUBJECT), type("stranding", null))))
                .withMessageContaining("workflow type stranding defines no operator outcomes")
                .withMessageContaining("WorkflowType.operatorOutcomes");
    }

    @Test
    void typesWithOperatorOutcomesAreIndexedByName() {
        assertThat(WorkflowEngine.index(List.of(type("a", EngineInstance.NO_SUBJECT), type("b", EngineInstance.NO_SUBJECT))))
                .containsOnlyKeys("a", "b");
    }
}
