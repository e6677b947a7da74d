package dev.privatelink.events.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import dev.privatelink.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two changes of one resource recorded at the same moment, in two transactions that are both still
 * open when they fan out, both schedule the resource's lane: neither may fail for it (a failed
 * recording would only be retried a minute later), and both are delivered, in order.
 */
@IntegrationTest
class LaneSchedulingRaceIntegrationTests {

    @Autowired
    TestApi api;

    @Autowired
    DeliveryEngine engine;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void twoTransactionsSchedulingTheSameLaneAtOnceBothCommit() throws Exception {
        Tenant tenant = api.newTenant("SCALE");
        try (WebhookReceiver receiver = WebhookReceiver.start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            api.as(tenant.admin()).post(tenant.path() + "/webhooks", Map.of("url", receiver.url(),
                    "eventTypes", List.of("privatelink.allowlist.changed"))).expectStatus(200);
            String subject = "services/" + UUID.randomUUID() + "/privateEndpointIds";
            CountDownLatch bothFannedOut = new CountDownLatch(2);

            List<CompletableFuture<Void>> recordings = List.of(1L, 2L).stream().map(sequence -> CompletableFuture.runAsync(() ->
                    transactions.executeWithoutResult(status -> {
                        UUID event = record(tenant.orgId(), subject, sequence);
                        engine.fanOut(event, subject, Instant.now());
                        bothFannedOut.countDown();
                        try { // keep the transaction open until the other one has fanned out too
                            bothFannedOut.await(2, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }), threads)).toList();

            for (CompletableFuture<Void> recording : recordings) {
                recording.get(10, TimeUnit.SECONDS); // throws if a transaction failed
            }
            assertThat(bothFannedOut.getCount()).as("both were open at the same time").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.acceptedFor(subject).size() == 2);
            assertThat(receiver.acceptedFor(subject)).extracting(WebhookReceiver.Received::sequence).containsExactly(1L, 2L);
        }
    }

    private UUID record(UUID organizationId, String subject, long sequence) {
        UUID id = UUID.randomUUID();
        String body = """
                {"specversion":"1.0","id":"%s","source":"/v1/organizations/%s","type":"privatelink.allowlist.changed",\
                "subject":"%s","sequence":"%d","data":{}}""".formatted(id, organizationId, subject, sequence);
        api.jdbc().sql("""
                        insert into webhook_event (id, organization_id, type, subject, sequence, occurred_at, body, recorded_at)
                        values (:id, :org, 'privatelink.allowlist.changed', :subject, :sequence, :now, :body, :now)""")
                .param("id", id).param("org", organizationId).param("subject", subject).param("sequence", sequence)
                .param("now", Timestamp.from(Instant.now())).param("body", body).update();
        return id;
    }
}
