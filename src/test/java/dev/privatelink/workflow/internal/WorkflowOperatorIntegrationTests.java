package dev.privatelink.workflow.internal;

import java.time.Duration;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi;
import dev.privatelink.workflow.Workflows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class WorkflowOperatorIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    Workflows workflows;
    @Autowired
    PlatformTransactionManager transactions;

    private UUID start(UUID subject) {
        return new TransactionTemplate(transactions).execute(s -> workflows.start(TestWorkflowTypes.APPROVAL, subject));
    }

    private JsonNode get(UUID id) {
        return api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows/" + id).expectStatus(200).result();
    }

    @Test
    void aTerminalErrorFailsTheWorkflowWithItsReasonAndAnOperatorRetryResumesIt() {
        UUID subject = UUID.randomUUID();
        UUID id = start(subject);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(get(id).get("status").asString()));
        JsonNode failed = get(id);
        assertThat(failed.get("lastError").get("code").asString()).isEqualTo("NOT_APPROVED");
        assertThat(failed.get("currentStep").asString()).isEqualTo("check-approval");
        assertThat(failed.get("history").get(0).get("outcome").asString()).isEqualTo("FAIL");
        assertThat(TestWorkflowTypes.outcome(subject)).isEqualTo("FAILED:NOT_APPROVED");

        api.as(Credentials.DEV_ADMIN).post("/v1/operator/workflows/" + id + "/retry", null).expectStatus(403);

        TestWorkflowTypes.approve(subject);
        api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + id + "/retry", null).expectStatus(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(get(id).get("status").asString()));
        JsonNode done = get(id);
        assertThat(done.get("history")).extracting(h -> h.get("step").asString() + ":" + h.get("outcome").asString())
                .containsExactly("check-approval:FAIL", "check-approval:DONE", "provision:DONE");
        assertThat(TestWorkflowTypes.outcome(subject)).isEqualTo("SUCCEEDED");

        TestApi.Response again = api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + id + "/retry", null);
        again.expectStatus(409);
        assertThat(again.json().get("error").asString()).contains("only a FAILED workflow");
        TestApi.Response cancel = api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + id + "/cancel", null);
        cancel.expectStatus(409);
        assertThat(cancel.json().get("error").asString()).contains("already finished");
    }

    @Test
    void listsFilterByStatusAndTypeAndPage() {
        UUID first = start(UUID.randomUUID());
        UUID second = start(UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(get(first).get("status").asString())
                && "FAILED".equals(get(second).get("status").asString()));

        TestApi.Response page = api.as(Credentials.DEV_OPERATOR)
                .get("/v1/operator/workflows?status=failed&type=" + TestWorkflowTypes.APPROVAL + "&pageSize=1").expectStatus(200);
        assertThat(page.result()).hasSize(1);
        assertThat(page.result().get(0).get("status").asString()).isEqualTo("FAILED");
        String token = page.json().get("nextPageToken").asString();
        TestApi.Response next = api.as(Credentials.DEV_OPERATOR)
                .get("/v1/operator/workflows?status=FAILED&pageSize=1000&pageToken=" + token).expectStatus(200);
        assertThat(next.result()).extracting(w -> w.get("id").asString()).doesNotContain(page.result().get(0).get("id").asString());

        api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows?status=SLEEPING").expectStatus(400);
        api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows?type=no-such-type").expectStatus(400);
        api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows?pageSize=1001").expectStatus(400);
        api.as(Credentials.DEV_ADMIN).get("/v1/operator/workflows").expectStatus(403);
    }

    @Test
    void unknownIdsAreNotFoundAndAnActiveWorkflowCanBeCancelled() {
        UUID unknown = UUID.randomUUID();
        api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows/" + unknown).expectStatus(404);
        api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + unknown + "/retry", null).expectStatus(404);
        api.as(Credentials.DEV_OPERATOR).post("/v1/operator/workflows/" + unknown + "/cancel", null).expectStatus(404);
        api.as(Credentials.DEV_OPERATOR).get("/v1/operator/workflows/not-a-uuid").expectStatus(400);

        // committed but not yet run: the row is RUNNING until a scheduler thread gets to it
        UUID id = new TransactionTemplate(transactions).execute(s -> {
            UUID started = workflows.start(TestWorkflowTypes.APPROVAL, UUID.randomUUID());
            workflows.cancel(started);
            return started;
        });
        JsonNode cancelled = get(id);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("history").get(0).get("outcome").asString()).isEqualTo("CANCELLED");
    }
}
