package dev.privatelink.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET …/privateEndpoints/{id}?waitFor=Ready&timeout=…} answers as soon as the status is reached
 * or the timeout has passed, holding no database connection while it waits, and notices changes that
 * another replica commits.
 */
@IntegrationTest
class InboundStatusWaitIntegrationTests {

    @Autowired
    TestApi api;

    @Autowired
    DataSource dataSource;

    private InboundFlows flows() {
        return new InboundFlows(api);
    }

    /** An Azure registration waiting in PendingAcceptance until it is put on the PRODUCTION service's allow list. */
    private record Pending(Tenant tenant, String serviceId, String guid) {
    }

    private Pending pendingAzureRegistration() {
        Tenant tenant = api.newTenant("ENTERPRISE");
        String serviceId = flows().newService(tenant, "azure", "westus3", "PRODUCTION");
        String alias = flows().config(tenant, serviceId).get("endpointServiceId").asString();
        String guid = flows().createPrivateEndpoint(tenant, alias, "westus3");
        flows().registerInOrganization(tenant, "azure", guid, "westus3").expectStatus(200);
        flows().awaitStatus(tenant, guid, "PendingAcceptance");
        return new Pending(tenant, serviceId, guid);
    }

    private TestApi.Response waitFor(Pending p, String query) {
        return api.as(p.tenant().developer()).get(p.tenant().path() + "/privateEndpoints/" + p.guid() + "?" + query);
    }

    @Test
    void theAnswerComesAsSoonAsTheStatusIsReached() throws Exception {
        Pending pending = pendingAzureRegistration();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Instant asked = Instant.now();
            CompletableFuture<TestApi.Response> waiting = CompletableFuture.supplyAsync(
                    () -> waitFor(pending, "waitFor=Ready&timeout=30s"), callers);
            Thread.sleep(1000);
            assertThat(waiting).as("still waiting while PendingAcceptance").isNotDone();

            flows().addToService(pending.tenant(), pending.serviceId(), pending.guid()).expectStatus(200);

            JsonNode answer = waiting.get().expectStatus(200).result();
            Instant answered = Instant.now();
            assertThat(answer.get("status").asString()).isEqualTo("Ready");
            Instant becameReady = Instant.parse(answer.get("updatedAt").asString());
            assertThat(Duration.between(becameReady, answered)).as("from Ready to the answer").isLessThan(Duration.ofSeconds(1));
            assertThat(Duration.between(asked, answered)).isLessThan(Duration.ofSeconds(30));
            assertThat(answer.get("history")).as("the same answer as a plain read").isNotEmpty();
        }
    }

    @Test
    void theAnswerComesWhenTheTimeoutHasPassed() {
        Pending pending = pendingAzureRegistration();
        Instant asked = Instant.now();

        JsonNode answer = waitFor(pending, "waitFor=Ready&timeout=1500ms").expectStatus(200).result();

        assertThat(answer.get("status").asString()).isEqualTo("PendingAcceptance");
        assertThat(Duration.between(asked, Instant.now())).isBetween(Duration.ofMillis(1500), Duration.ofMillis(4000));
    }

    @Test
    void aRegistrationAlreadyInTheStatusOrSettledElsewhereAnswersAtOnce() {
        Pending pending = pendingAzureRegistration();
        Instant asked = Instant.now();
        assertThat(waitFor(pending, "waitFor=PendingAcceptance,Ready&timeout=30s").expectStatus(200).result()
                .get("status").asString()).isEqualTo("PendingAcceptance");
        flows().addToService(pending.tenant(), pending.serviceId(), pending.guid()).expectStatus(200);
        flows().awaitStatus(pending.tenant(), pending.guid(), "Ready");
        assertThat(waitFor(pending, "waitFor=Failed&timeout=30s").expectStatus(200).result().get("status").asString())
                .as("Ready is settled: it will not fail by itself").isEqualTo("Ready");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void waitingReadersHoldNoDatabaseConnection() throws Exception {
        Pending pending = pendingAzureRegistration();
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        int readers = pool.getMaximumPoolSize() + 10; // more than the pool: were each holding one, the read would wait
        List<CompletableFuture<TestApi.Response>> waiting = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < readers; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> waitFor(pending, "waitFor=Ready&timeout=3500ms"), callers));
            }
            Thread.sleep(500); // they arrive, authenticate and read the registration once (each with a connection, briefly),
            // then wait: the pool has free connections again while every one of them is still waiting
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pool.getHikariPoolMXBean().getActiveConnections() < pool.getMaximumPoolSize());
            assertThat(waiting).as("all %d readers still wait while connections are free", readers)
                    .noneMatch(CompletableFuture::isDone);
            // were the readers holding the pool's connections, this read could only be answered once some of
            // them had given theirs back, that is once they had answered
            assertThat(api.as(pending.tenant().admin()).get(pending.tenant().path() + "/services").status()).isEqualTo(200);
            assertThat(waiting).as("a plain read is answered while all %d readers still wait", readers)
                    .noneMatch(CompletableFuture::isDone);
            for (CompletableFuture<TestApi.Response> reader : waiting) {
                reader.get().expectStatus(200);
            }
        }
    }

    @Test
    void aChangeAnotherReplicaCommitsEndsTheWait() throws Exception {
        Pending pending = pendingAzureRegistration();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<TestApi.Response> waiting = CompletableFuture.supplyAsync(
                    () -> waitFor(pending, "waitFor=Rejected&timeout=30s"), callers);
            Thread.sleep(500);
            // what another replica's commit looks like from here: the row changed, and no event was published in
            // this process (its listeners would have woken the reader at once)
            Instant committed = Instant.now();
            api.jdbc().sql("""
                            update private_endpoint set status = 'Rejected', status_code = 'REJECTED_ELSEWHERE',
                                   event_sequence = event_sequence + 1
                            where lower(endpoint_id) = lower(:guid)""")
                    .param("guid", pending.guid()).update();

            JsonNode answer = waiting.get().expectStatus(200).result();
            assertThat(answer.get("status").asString()).isEqualTo("Rejected");
            assertThat(Duration.between(committed, Instant.now())).as("found by the next recheck (1 s)")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "waitFor=Redy&timeout=30s       | waitFor 'Redy' is not a status",
            "waitFor=Ready,,Failed           | waitFor '' is not a status",
            "waitFor=Ready&timeout=soon      | timeout 'soon' is not a duration",
            "waitFor=Ready&timeout=5m        | timeout '5m' is longer than the longest wait, 60s",
            "waitFor=Ready&timeout=-1s       | timeout must not be negative",
            "timeout=30s                     | timeout needs waitFor"})
    void badWaitsAreRefusedByName(String query, String message) {
        Pending pending = pendingAzureRegistration();

        TestApi.Response refused = waitFor(pending, query.strip());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains(message.strip());
    }
}
