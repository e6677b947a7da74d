package dev.privatelink.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.privatelink.sandbox.model.SandboxLedgerRetention;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.workflow.internal.WorkflowRetention;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finished workflows with their history and the sandbox ledger's calls go once older than their
 * retention (30 days, 7 days); a workflow still waiting stays however old, and newer rows stay.
 * The rows are those real registrations leave; the purge runs as of a later instant.
 */
@IntegrationTest
class RetentionIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    WorkflowRetention workflows;
    @Autowired
    SandboxLedgerRetention ledger;

    InboundFlows flows() {
        return new InboundFlows(api);
    }

    private UUID registrationId(Tenant tenant, String endpointId) {
        return UUID.fromString(flows().registration(tenant, endpointId).get("registrationId").asString());
    }

    private int workflowsOf(UUID subjectId) {
        return api.jdbc().sql("select count(*) from workflow where subject_id = :id").param("id", subjectId)
                .query(Integer.class).single();
    }

    private int historyOf(UUID subjectId) {
        return api.jdbc().sql("select count(*) from workflow_history h join workflow w on w.id = h.workflow_id where w.subject_id = :id")
                .param("id", subjectId).query(Integer.class).single();
    }

    private int ledgerRows(String comparison, Instant mark) {
        return api.jdbc().sql("select count(*) from sandbox_ledger where at " + comparison + " :mark")
                .param("mark", java.sql.Timestamp.from(mark)).query(Integer.class).single();
    }

    @Test
    void finishedWorkflowsAndLedgerCallsOlderThanTheirRetentionAreDeletedAndTheRestStays() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = flows().newService(tenant, "aws", "us-west-2", "PRODUCTION");
        String endpointService = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String old = flows().createVpcEndpoint(tenant, endpointService, "us-west-2");
        flows().registerInOrganization(tenant, "aws", old, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, old, "Ready");
        // an endpoint never created: its workflow keeps waiting for the connection
        String waiting = "vpce-0" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        flows().registerInOrganization(tenant, "aws", waiting, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, waiting, "WaitingForConnection");
        Thread.sleep(20);
        Instant mark = Instant.now();
        Thread.sleep(20);
        String recent = flows().createVpcEndpoint(tenant, endpointService, "us-west-2");
        flows().registerInOrganization(tenant, "aws", recent, "us-west-2").expectStatus(200);
        flows().awaitStatus(tenant, recent, "Ready");
        UUID oldId = registrationId(tenant, old);
        UUID waitingId = registrationId(tenant, waiting);
        UUID recentId = registrationId(tenant, recent);
        assertThat(historyOf(oldId)).isPositive();
        assertThat(ledgerRows("<", mark)).isPositive();
        int ledgerAfterMark = ledgerRows(">=", mark);
        assertThat(ledgerAfterMark).isPositive();

        // 30 days after the mark, as the recurring task would see it then (the waiting one has not expired yet)
        assertThat(workflows.purge(mark.plus(Duration.ofDays(30)))).isPositive();
        assertThat(ledger.purge(mark.plus(Duration.ofDays(7)))).isPositive();

        assertThat(workflowsOf(oldId)).as("finished before the mark").isZero();
        assertThat(historyOf(oldId)).isZero();
        assertThat(workflowsOf(waitingId)).as("still waiting").isEqualTo(1);
        assertThat(workflowsOf(recentId)).as("finished after the mark").isEqualTo(1);
        assertThat(historyOf(recentId)).isPositive();
        assertThat(ledgerRows("<", mark)).isZero();
        assertThat(ledgerRows(">=", mark)).isGreaterThanOrEqualTo(ledgerAfterMark);
        // the registrations themselves are untouched
        assertThat(flows().registration(tenant, old).get("status").asString()).isEqualTo("Ready");
    }

    @Test
    void bothPurgesAreRecurringSchedulerTasks() {
        assertThat(api.jdbc().sql("select task_name from scheduled_tasks where task_name like '%retention' order by task_name")
                .query(String.class).list()).containsExactly("sandbox-ledger-retention", "workflow-retention");
    }
}
