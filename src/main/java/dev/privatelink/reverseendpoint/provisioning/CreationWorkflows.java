package dev.privatelink.reverseendpoint.provisioning;

import java.util.List;
import java.util.UUID;

import dev.privatelink.reverseendpoint.model.ReverseEndpointProperties;
import dev.privatelink.reverseendpoint.model.ReverseEndpointRuns;
import dev.privatelink.workflow.OperatorOutcomes;
import dev.privatelink.workflow.Step;
import dev.privatelink.workflow.WorkflowRef;
import dev.privatelink.workflow.WorkflowType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The three creation workflows, one per type, from the steps of {@link CreationSteps}. Following the
 * endpoint to Ready is bounded by the acceptance deadline: past it the endpoint is {@code Expired}.
 */
@Configuration(proxyBeanMethods = false)
class CreationWorkflows {

    @Bean
    WorkflowType createVpcEndpointServiceWorkflow(CreationSteps steps, ReverseEndpointProperties properties) {
        return new Creation(ReverseEndpointRuns.CREATE_VPC_ENDPOINT_SERVICE, steps, List.of(
                Step.of("check-endpoint-service", steps::checkEndpointService),
                Step.of("create-endpoint", steps::createVpcEndpoint),
                Step.of("await-available", steps::awaitVpcEndpoint).within(properties.acceptanceDeadline())));
    }

    @Bean
    WorkflowType createVpcResourceWorkflow(CreationSteps steps, ReverseEndpointProperties properties) {
        return new Creation(ReverseEndpointRuns.CREATE_VPC_RESOURCE, steps, List.of(
                Step.of("accept-resource-share", steps::acceptShare).retrying(CreationSteps.FEW_QUICK_TRIES),
                Step.of("find-resource-configuration", steps::findResourceConfiguration).retrying(CreationSteps.FEW_QUICK_TRIES),
                Step.of("create-endpoint", steps::createVpcEndpoint),
                Step.of("await-available", steps::awaitVpcEndpoint).within(properties.acceptanceDeadline())));
    }

    @Bean
    WorkflowType createMskMultiVpcWorkflow(CreationSteps steps, ReverseEndpointProperties properties) {
        return new Creation(ReverseEndpointRuns.CREATE_MSK_MULTI_VPC, steps, List.of(
                Step.of("create-connection", steps::createMskConnection).retrying(CreationSteps.FEW_QUICK_TRIES),
                Step.of("await-available", steps::awaitMskConnection).within(properties.acceptanceDeadline()),
                Step.of("read-broker-names", steps::readBrokers)));
    }

    /** A creation workflow: its steps, and what its end means for the endpoint. */
    private static final class Creation implements WorkflowType {

        private final String name;
        private final CreationSteps creation;
        private final List<Step> steps;

        Creation(String name, CreationSteps creation, List<Step> steps) {
            this.name = name;
            this.creation = creation;
            this.steps = List.copyOf(steps);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Step> steps() {
            return steps;
        }

        /** Outcomes change the endpoint's row, which API changes lock before they cancel this workflow. */
        @Override
        public void lockSubject(UUID subjectId) {
            creation.lock(subjectId);
        }

        /**
         * Cancelled by the operator: the endpoint is {@code Failed} with {@code CANCELLED}, from which its
         * owner can delete it and the operator retry it; retried: {@code Provisioning} again at once.
         * What the cloud already made stays recorded (its id, its client token), so the retried steps
         * find it instead of creating another.
         */
        @Override
        public OperatorOutcomes operatorOutcomes() {
            return OperatorOutcomes.of(w -> creation.cancelledByOperator(w), w -> creation.retriedByOperator(w));
        }

        @Override
        public void onFailed(WorkflowRef workflow, String reasonCode, String message) {
            creation.onFailed(workflow, reasonCode, message);
        }

        @Override
        public void onExpired(WorkflowRef workflow, String step) {
            creation.onExpired(workflow);
        }
    }
}
