import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registration phases of bench/run, driven from outside over HTTP as customers would: the seeds'
 * "put the endpoint on the service's allow list" (PATCH …/services/{id} privateEndpointIds.add, which
 * registers it too), then Ready. Prints key=value lines for bench/run.
 *
 *   java bench/Driver.java BASE_URL OPERATOR_USER:SECRET singles ROUNDS
 *   java bench/Driver.java BASE_URL OPERATOR_USER:SECRET burst COUNT PSQL_COMMAND...
 *   java bench/Driver.java BASE_URL OPERATOR_USER:SECRET reads   (a tenant with registrations, for wrk)
 *
 * No JSON library: the few fields read are picked out with patterns.
 */
public class Driver {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static String base;
    static String operator;

    public static void main(String[] args) throws Exception {
        base = args[0];
        operator = args[1];
        switch (args[2]) {
            case "singles" -> singles(Integer.parseInt(args[3]));
            case "burst" -> burst(Integer.parseInt(args[3]), List.of(args).subList(4, args.length));
            case "reads" -> reads();
            default -> throw new IllegalArgumentException(args[2]);
        }
    }

    /** An organization with its own ADMIN key and one AWS service in us-east-2: a customer. */
    record Tenant(String orgId, String admin, String serviceId, String serviceName) {
    }

    static Tenant tenant() throws Exception {
        String org = field(call("POST", "/v1/organizations", operator,
                "{\"name\":\"bench-" + System.nanoTime() + "\",\"plan\":\"ENTERPRISE\"}", 200), "id");
        String keyAnswer = call("POST", "/v1/organizations/" + org + "/keys", operator, "{\"name\":\"bench\",\"role\":\"ADMIN\"}", 200);
        String admin = field(keyAnswer, "keyId") + ":" + field(keyAnswer, "keySecret");
        String service = field(call("POST", "/v1/organizations/" + org + "/services", admin,
                "{\"name\":\"svc\",\"provider\":\"aws\",\"region\":\"us-east-2\",\"tier\":\"PRODUCTION\"}", 200), "id");
        String serviceName = field(call("GET", "/v1/organizations/" + org + "/services/" + service + "/privateEndpointConfig",
                admin, null, 200), "endpointServiceId");
        return new Tenant(org, admin, service, serviceName);
    }

    /** The customer creates an interface endpoint against the service (the sandbox's customer side). */
    static String vpcEndpoint(Tenant t) throws Exception {
        return field(call("POST", "/v1/sandbox/aws/vpcEndpoints", t.admin(),
                "{\"serviceName\":\"" + t.serviceName() + "\",\"region\":\"us-east-2\"}", 200), "vpcEndpointId");
    }

    static void register(Tenant t, String vpce) throws Exception {
        call("PATCH", "/v1/organizations/" + t.orgId() + "/services/" + t.serviceId(), t.admin(),
                "{\"privateEndpointIds\":{\"add\":[\"" + vpce + "\"]}}", 200);
    }

    static String status(Tenant t, String vpce) throws Exception {
        return field(call("GET", "/v1/organizations/" + t.orgId() + "/privateEndpoints/" + vpce, t.admin(), null, 200), "status");
    }

    /** One registration at a time: PATCH, then GET every 2 ms until Ready; the first rounds warm up. */
    static void singles(int rounds) throws Exception {
        Tenant t = tenant();
        int warmUp = Math.max(3, rounds / 5);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < warmUp + rounds; i++) {
            String vpce = vpcEndpoint(t);
            long start = System.nanoTime();
            register(t, vpce);
            while (!"Ready".equals(status(t, vpce))) {
                if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException(vpce + " not Ready after 60 s: " + status(t, vpce));
                }
                Thread.sleep(2);
            }
            if (i >= warmUp) {
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Collections.sort(latencies);
        System.out.println("singles.count=" + latencies.size());
        System.out.println("singles.p50_ms=" + quantile(latencies, 0.50));
        System.out.println("singles.p99_ms=" + quantile(latencies, 0.99));
        System.out.println("singles.max_ms=" + latencies.getLast());
    }

    /**
     * COUNT registrations at once, ten per customer (organization, key, service), 64 PATCHes in flight;
     * Ready counted in the database with psql. Rate = COUNT / (first PATCH sent → last Ready seen).
     */
    static void burst(int count, List<String> psql) throws Exception {
        int tenants = Math.max(1, count / 10);
        List<Tenant> customers = Collections.synchronizedList(new ArrayList<>());
        List<String[]> endpoints = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService setup = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                done.add(setup.submit(() -> {
                    Tenant t = tenant();
                    customers.add(t);
                    for (int e = 0; e < count / tenants; e++) {
                        endpoints.add(new String[] {String.valueOf(customers.indexOf(t)), vpcEndpoint(t)});
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        String ids = String.join(",", endpoints.stream().map(e -> "'" + e[1] + "'").toList());
        call("DELETE", "/v1/sandbox/ledger", operator, null, 200);
        Semaphore inFlight = new Semaphore(64);
        long start = System.nanoTime();
        List<Future<?>> patches = new ArrayList<>();
        try (ExecutorService customersAtOnce = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] e : endpoints) {
                patches.add(customersAtOnce.submit(() -> {
                    inFlight.acquire();
                    try {
                        register(customers.get(Integer.parseInt(e[0])), e[1]);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : patches) {
                f.get();
            }
        }
        long patched = System.nanoTime();
        int ready = 0;
        while (ready < endpoints.size()) {
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("only " + ready + " of " + endpoints.size() + " Ready after 10 minutes");
            }
            Thread.sleep(50);
            ready = Integer.parseInt(sql(psql, "select count(*) from private_endpoint where status = 'Ready' and endpoint_id in ("
                    + ids + ")").strip());
        }
        long end = System.nanoTime();
        String ledger = call("GET", "/v1/sandbox/ledger", operator, null, 200);
        long calls = Long.parseLong(field(ledger, "total"));
        double seconds = (end - start) / 1e9;
        System.out.printf("burst.count=%d%nburst.patch_seconds=%.2f%nburst.seconds=%.2f%nburst.per_second=%.1f%n",
                endpoints.size(), (patched - start) / 1e9, seconds, endpoints.size() / seconds);
        System.out.printf("burst.cloud_calls=%d%nburst.calls_per_ready=%.3f%n", calls, calls / (double) endpoints.size());
        System.out.println("burst.ledger=" + ledger.replaceAll("\\s+", ""));
    }

    /** A customer with a few Ready registrations; prints what wrk needs to read them. */
    static void reads() throws Exception {
        Tenant t = tenant();
        String vpce = null;
        for (int i = 0; i < 20; i++) {
            vpce = vpcEndpoint(t);
            register(t, vpce);
        }
        long start = System.nanoTime();
        while (!"Ready".equals(status(t, vpce)) && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(50);
        }
        System.out.println("reads.auth=" + Base64.getEncoder().encodeToString(t.admin().getBytes(StandardCharsets.UTF_8)));
        System.out.println("reads.config_path=/v1/organizations/" + t.orgId() + "/services/" + t.serviceId() + "/privateEndpointConfig");
        System.out.println("reads.endpoint_path=/v1/organizations/" + t.orgId() + "/privateEndpoints/" + vpce);
    }

    static String call(String method, String path, String credentials, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /** A field of the envelope's result (the envelope's own status and requestId are skipped). */
    static String field(String json, String name) {
        int result = json.indexOf("\"result\"");
        json = result < 0 ? json : json.substring(result);
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9.]+))").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static String sql(List<String> psql, String query) throws Exception {
        List<String> command = new ArrayList<>(psql);
        command.add("-Atc");
        command.add(query);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    static long quantile(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
