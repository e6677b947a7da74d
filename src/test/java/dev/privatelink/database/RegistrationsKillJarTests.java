package dev.privatelink.database;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar killed with SIGKILL at random moments while registrations are in flight (AWS ones
 * being accepted, Azure ones waiting for an allow list or being approved, removals rejecting their
 * connections, registrations for the wrong region), and started again from the same database each
 * time. Afterwards every registration ends in exactly one terminal state that agrees with the sandbox
 * cloud (Ready exactly when the cloud shows the connection accepted; removed exactly when it is gone
 * and its connection no longer accepted), none is listed twice, the data-plane feed allows exactly the
 * Ready ones, and no connection was accepted twice. The seed of the random kill points is printed;
 * {@code -Dregistrations.kill.seed=…} repeats a run. Run by failsafe after {@code package}.
 */
class RegistrationsKillJarTests {

    private static final int KILLS = 3;
    private static final Duration ALL_TERMINAL = Duration.ofSeconds(240);
    private static final String AWS_REGION = "us-west-2";
    private static final String AZURE_REGION = "westus3";
    private static final Set<String> SETTLED = Set.of("Ready", "Rejected", "Failed", "Expired");
    private static final Set<String> MOVING = Set.of("Provisioning", "WaitingForConnection", "Deleting");
    /** The sandbox's DEBUG line for each connection a call accepts (or finds accepted already). */
    private static final Pattern ACCEPT = Pattern.compile("(aws|azure) acceptConnection (\\S+): (\\S+) -> (\\S+)");
    private static final Pattern REJECT = Pattern.compile("(aws|azure) rejectConnection (\\S+): (\\S+) -> (\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] SETTINGS = {
            // an accepted AWS connection stays pending for a while, as on AWS: registrations are in flight at each kill
            "--privatelink.sandbox.latency.accept=4s",
            "--logging.level.dev.privatelink.sandbox.provider.SandboxCloud=debug"};

    enum Outcome { READY, REMOVED, FAILED }

    /** A customer endpoint, what becomes of its registration, and the service whose allow list holds it (or null). */
    record Endpoint(String provider, String id, Outcome expected, String serviceId) {
    }

    interface Request {
        void send() throws Exception;
    }

    @TempDir
    Path directory;

    private JarOnOwnPostgres jar;
    private final List<String> logs = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private String org;
    private String awsService;
    private String azureService;

    @AfterEach
    void stop() throws Exception {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void everyRegistrationEndsInOneTerminalStateAgreeingWithTheCloudThroughKills() throws Exception {
        long seed = Long.getLong("registrations.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("registrations kill test: seed %d (-Dregistrations.kill.seed=%d repeats it)%n", seed, seed);
        Instant begin = Instant.now();
        jar = new JarOnOwnPostgres(directory);
        jar.startDatabase();
        start();
        org = "/v1/organizations/" + jar.organizationId();
        awsService = newService("kill-aws", "aws", AWS_REGION);
        azureService = newService("kill-azure", "azure", AZURE_REGION);
        String awsName = endpointServiceOf(awsService);
        String azureAlias = endpointServiceOf(azureService);

        // Ready before the kills, removed during them
        List<String> removedLater = awsEndpoints(awsName, 8, Outcome.REMOVED, awsService);
        for (String id : removedLater) {
            attach(awsService, id);
        }
        for (String id : removedLater) {
            assertThat(json(jar.send("GET", org + "/privateEndpoints/" + id + "?waitFor=Ready&timeout=60s", null, null))
                    .at("/result/status").asString()).as(id).isEqualTo("Ready");
        }

        List<String> awaitingAllowList1 = azureEndpoints(azureAlias, 6, Outcome.READY, azureService);
        List<String> awaitingAllowList2 = azureEndpoints(azureAlias, 4, Outcome.READY, azureService);
        // each wave begins with AWS registrations (one of them is sent last, see below)
        List<List<Request>> waves = new ArrayList<>();
        List<Request> wave1 = new ArrayList<>();
        awsEndpoints(awsName, 16, Outcome.READY, awsService).forEach(id -> wave1.add(() -> attach(awsService, id)));
        azureEndpoints(azureAlias, 5, Outcome.READY, azureService).forEach(id -> wave1.add(() -> attach(azureService, id)));
        awaitingAllowList1.forEach(id -> wave1.add(() -> registerInOrganization("azure", id, AZURE_REGION)));
        removedLater.subList(0, 4).forEach(id -> wave1.add(() -> remove("aws", id, AWS_REGION)));
        waves.add(wave1);

        List<Request> wave2 = new ArrayList<>();
        awsEndpoints(awsName, 12, Outcome.READY, awsService).forEach(id -> wave2.add(() -> attach(awsService, id)));
        awaitingAllowList1.forEach(id -> wave2.add(() -> allowList(azureService, id)));
        removedLater.subList(4, 8).forEach(id -> wave2.add(() -> remove("aws", id, AWS_REGION)));
        // created in us-west-2, registered for us-east-1: Failed (REGION_MISMATCH), never accepted
        awsEndpoints(awsName, 2, Outcome.FAILED, null).forEach(id -> wave2.add(() -> registerInOrganization("aws", id, "us-east-1")));
        awaitingAllowList2.forEach(id -> wave2.add(() -> registerInOrganization("azure", id, AZURE_REGION)));
        waves.add(wave2);

        List<Request> wave3 = new ArrayList<>();
        awsEndpoints(awsName, 10, Outcome.READY, awsService).forEach(id -> wave3.add(() -> attach(awsService, id)));
        azureEndpoints(azureAlias, 3, Outcome.READY, azureService).forEach(id -> wave3.add(() -> attach(azureService, id)));
        awaitingAllowList2.forEach(id -> wave3.add(() -> allowList(azureService, id)));
        // removed while their registration is still being provisioned
        awsEndpoints(awsName, 3, Outcome.REMOVED, null).forEach(id -> wave3.add(() -> {
            attach(awsService, id);
            remove("aws", id, AWS_REGION);
        }));
        waves.add(wave3);

        List<String> kills = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            List<Request> wave = waves.get(kill);
            // any order, but an AWS registration last: its connection, accepted after the request, is pending
            // for the accept latency (4 s), longer than any delay to the kill, so the kill finds it in flight
            Request last = wave.removeFirst();
            Collections.shuffle(wave, random);
            wave.add(last);
            for (Request request : wave) {
                request.send();
            }
            long delay = 200 + random.nextInt(2_801);
            Thread.sleep(delay);
            jar.killService();
            Map<String, Long> atKill = statuses();
            long inFlight = atKill.entrySet().stream().filter(s -> MOVING.contains(s.getKey())).mapToLong(Map.Entry::getValue).sum();
            kills.add(String.format("kill %d: %d requests, %d ms after the last; in the database then: %s", kill + 1, wave.size(), delay, atKill));
            System.out.println(kills.getLast());
            assertThat(inFlight).as("registrations in flight at kill %d: %s", kill + 1, atKill).isPositive();
            start();
        }
        Instant restarted = Instant.now();

        Map<String, JsonNode> listed = awaitAllTerminal();
        Duration toTerminal = Duration.between(restarted, Instant.now());

        Map<String, Integer> accepts = perConnection(ACCEPT);
        Map<String, Integer> rejects = perConnection(REJECT);
        Map<Outcome, Long> expected = endpoints.values().stream().collect(Collectors.groupingBy(Endpoint::expected, TreeMap::new, Collectors.counting()));
        System.out.printf("registrations kill test: seed %d, %d kills, %d registrations %s; all terminal %d ms after the last restart "
                        + "(test %d s); accept calls per connection %s, reject calls per connection %s; sandbox ledger: %s%n",
                seed, KILLS, endpoints.size(), expected, toTerminal.toMillis(), Duration.between(begin, Instant.now()).toSeconds(),
                histogram(accepts), histogram(rejects), ledger());

        // exactly one registration per endpoint that is not removed, none listed twice, each in the state it must end in
        assertThat(listed.keySet()).as("the registrations listed").containsExactlyInAnyOrderElementsOf(endpoints.values().stream()
                .filter(e -> e.expected() != Outcome.REMOVED).map(e -> e.id().toLowerCase(Locale.ROOT)).toList());
        for (Endpoint endpoint : endpoints.values()) {
            String cloudState = cloudState(endpoint);
            boolean accepted = Set.of("pending", "available", "Approved").contains(cloudState);
            switch (endpoint.expected()) {
                case READY -> {
                    JsonNode registration = listed.get(endpoint.id().toLowerCase(Locale.ROOT));
                    assertThat(registration.get("status").asString()).as("%s: %s", endpoint, registration).isEqualTo("Ready");
                    assertThat(cloudState).as("the cloud's state of Ready %s", endpoint).isIn("available", "Approved");
                }
                case FAILED -> {
                    JsonNode registration = listed.get(endpoint.id().toLowerCase(Locale.ROOT));
                    assertThat(registration.get("status").asString()).as("%s: %s", endpoint, registration).isEqualTo("Failed");
                    assertThat(registration.at("/statusReason/code").asString()).isEqualTo("REGION_MISMATCH");
                    assertThat(accepted).as("the cloud's state of Failed %s: %s", endpoint, cloudState).isFalse();
                }
                case REMOVED -> {
                    assertThat(jar.send("GET", org + "/privateEndpoints/" + endpoint.id(), null, null).statusCode())
                            .as("removed %s", endpoint).isEqualTo(404);
                    assertThat(accepted).as("the cloud's state of removed %s: %s", endpoint, cloudState).isFalse();
                }
            }
        }
        assertThat(accepts).as("accept calls per connection").allSatisfy((id, calls) -> assertThat(calls).as(id).isEqualTo(1));
        assertThat(feed("aws", AWS_REGION, awsService)).as("the AWS feed allows the Ready endpoints on its allow list")
                .containsExactlyInAnyOrderElementsOf(ready(awsService));
        assertThat(feed("azure", AZURE_REGION, azureService)).as("the Azure feed allows the Ready endpoints on its allow list")
                .containsExactlyInAnyOrderElementsOf(ready(azureService));
    }

    private void start() throws Exception {
        String log = "run-" + logs.size() + ".log";
        logs.add(log);
        jar.startService(log, SETTINGS);
    }

    /** Polls the organization's list until every registration is settled and every removed one gone. */
    private Map<String, JsonNode> awaitAllTerminal() throws Exception {
        Instant deadline = Instant.now().plus(ALL_TERMINAL);
        Map<String, JsonNode> listed = new TreeMap<>();
        List<String> pending = List.of();
        while (Instant.now().isBefore(deadline)) {
            listed.clear();
            for (JsonNode registration : json(jar.send("GET", org + "/privateEndpoints", null, null)).get("result")) {
                String id = registration.get("id").asString().toLowerCase(Locale.ROOT);
                assertThat(listed.put(id, registration)).as("listed twice: " + id).isNull();
            }
            pending = listed.values().stream().filter(r -> !SETTLED.contains(r.get("status").asString()))
                    .map(r -> r.get("id").asString() + " " + r.get("status").asString() + " " + r.get("statusReason")).toList();
            if (pending.isEmpty()) {
                return listed;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not terminal within " + ALL_TERMINAL + " after the last restart: " + pending + "\n"
                + jar.tail(logs.getLast()));
    }

    private String newService(String name, String provider, String region) throws Exception {
        return json(expectOk(jar.send("POST", org + "/services", "{\"name\":\"" + name + "\",\"provider\":\"" + provider
                + "\",\"region\":\"" + region + "\",\"tier\":\"PRODUCTION\"}", null))).at("/result/service/id").asString();
    }

    private String endpointServiceOf(String serviceId) throws Exception {
        return json(expectOk(jar.send("GET", org + "/services/" + serviceId + "/privateEndpointConfig", null, null)))
                .at("/result/endpointServiceId").asString();
    }

    /** The customer creates interface endpoints to our AWS endpoint service (sandbox, customer side). */
    private List<String> awsEndpoints(String serviceName, int count, Outcome outcome, String serviceId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = json(expectOk(jar.send("POST", "/v1/sandbox/aws/vpcEndpoints", "{\"serviceName\":\"" + serviceName
                    + "\",\"region\":\"" + AWS_REGION + "\"}", null))).at("/result/vpcEndpointId").asString();
            endpoints.put(id, new Endpoint("aws", id, outcome, serviceId));
            ids.add(id);
        }
        return ids;
    }

    /** The customer creates private endpoints to our Private Link Service (sandbox, customer side); by resourceGuid. */
    private List<String> azureEndpoints(String alias, int count, Outcome outcome, String serviceId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = json(expectOk(jar.send("POST", "/v1/sandbox/azure/privateEndpoints", "{\"privateLinkServiceAlias\":\""
                    + alias + "\",\"region\":\"" + AZURE_REGION + "\"}", null))).at("/result/resourceGuid").asString();
            endpoints.put(id, new Endpoint("azure", id, outcome, serviceId));
            ids.add(id);
        }
        return ids;
    }

    /** Registers the endpoint and puts it on the service's allow list in one call (the seeds' instancePrivateEndpointCreate). */
    private void attach(String serviceId, String id) throws Exception {
        expectOk(jar.send("POST", org + "/services/" + serviceId + "/privateEndpoint", "{\"id\":\"" + id
                + "\",\"description\":\"kill test\"}", null));
    }

    private void registerInOrganization(String provider, String id, String region) throws Exception {
        expectOk(jar.send("PATCH", org, "{\"privateEndpoints\":{\"add\":[{\"cloudProvider\":\"" + provider + "\",\"id\":\"" + id
                + "\",\"region\":\"" + region + "\"}]}}", null));
    }

    private void allowList(String serviceId, String id) throws Exception {
        expectOk(jar.send("PATCH", org + "/services/" + serviceId, "{\"privateEndpointIds\":{\"add\":[\"" + id + "\"]}}", null));
    }

    private void remove(String provider, String id, String region) throws Exception {
        expectOk(jar.send("PATCH", org, "{\"privateEndpoints\":{\"remove\":[{\"cloudProvider\":\"" + provider + "\",\"id\":\""
                + id + "\",\"region\":\"" + region + "\"}]}}", null));
    }

    /** What the customer's side of the sandbox shows: the AWS endpoint's state, the Azure connection's state. */
    private String cloudState(Endpoint endpoint) throws Exception {
        if (endpoint.provider().equals("aws")) {
            return json(expectOk(jar.send("GET", "/v1/sandbox/aws/vpcEndpoints/" + endpoint.id(), null, null))).at("/result/state").asString();
        }
        return json(expectOk(jar.send("GET", "/v1/sandbox/azure/privateEndpoints/" + endpoint.id(), null, null)))
                .at("/result/connectionState").asString();
    }

    /** The endpoint ids the data-plane feed allows on a service. */
    private Set<String> feed(String provider, String region, String serviceId) throws Exception {
        JsonNode services = json(expectOk(jar.send(JarOnOwnPostgres.OPERATOR, "GET", "/v1/operator/endpointFilters?provider=" + provider
                + "&region=" + region, null, null))).at("/result/services");
        Set<String> allowed = new TreeSet<>();
        for (JsonNode service : services) {
            if (service.get("serviceId").asString().equals(serviceId)) {
                service.get("allowedEndpointIds").forEach(id -> allowed.add(id.asString().toLowerCase(Locale.ROOT)));
            }
        }
        return allowed;
    }

    private Set<String> ready(String serviceId) {
        return endpoints.values().stream().filter(e -> e.expected() == Outcome.READY && serviceId.equals(e.serviceId()))
                .map(e -> e.id().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Calls per connection, from the sandbox's line for each connection a call acted on, in every run's log. */
    private Map<String, Integer> perConnection(Pattern call) throws Exception {
        Map<String, Integer> calls = new TreeMap<>();
        for (String log : logs) {
            for (String line : jar.lines(log)) {
                Matcher m = call.matcher(line);
                if (m.find()) {
                    calls.merge(m.group(2).toLowerCase(Locale.ROOT), 1, Integer::sum);
                }
            }
        }
        return calls;
    }

    /** How many connections had 1, 2, … calls. */
    private static Map<Integer, Long> histogram(Map<String, Integer> calls) {
        return calls.values().stream().collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    }

    private String ledger() throws Exception {
        JsonNode operations = json(expectOk(jar.send(JarOnOwnPostgres.OPERATOR, "GET", "/v1/sandbox/ledger", null, null)))
                .at("/result/operations");
        List<String> counts = new ArrayList<>();
        operations.forEach(o -> counts.add(o.get("provider").asString() + "/" + o.get("operation").asString() + " "
                + o.get("calls").asLong() + " " + o.get("outcomes")));
        return String.join(", ", counts);
    }

    /** Registrations by status, read from the database while the service is dead. */
    private Map<String, Long> statuses() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = jar.database();
             ResultSet rows = db.createStatement().executeQuery("select status, count(*) from private_endpoint group by status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static HttpResponse<String> expectOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": " + response.body())
                .isEqualTo(200);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
