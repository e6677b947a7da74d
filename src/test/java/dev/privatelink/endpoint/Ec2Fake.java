package dev.privatelink.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stateful stand-in for EC2's VPC endpoint service API, served by WireMock to the real SDK: the
 * platform's endpoint services, the connections customers' endpoints made to them (seeded by the
 * test) and their state machine (pendingAcceptance → pending → available, → rejected), EC2 Query
 * parameters in, EC2 XML out. EC2's published token buckets answer {@code RequestLimitExceeded}
 * (HTTP 503) when exceeded. Every request and every throttle is counted per action, and every
 * request's parameters are kept.
 */
final class Ec2Fake implements ResponseDefinitionTransformerV2 {

    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /** One request as EC2 saw it: the action and its Query parameters. */
    record Call(String action, Map<String, String> parameters, boolean throttled) {

        /** The values of a list parameter ({@code VpcEndpointId.1}, {@code VpcEndpointId.2}, …), in order. */
        List<String> list(String prefix) {
            return parameters.entrySet().stream().filter(e -> e.getKey().matches(java.util.regex.Pattern.quote(prefix) + "\\.\\d+"))
                    .sorted(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.getKey().substring(prefix.length() + 1))))
                    .map(Map.Entry::getValue).toList();
        }
    }

    static final class Connection {
        final String endpointId;
        final String region;
        final String owner;
        final Instant createdAt = Instant.parse("2025-03-01T10:00:24.350Z");
        volatile String state = "pendingAcceptance";
        volatile long acceptedAt;

        Connection(String endpointId, String region, String owner) {
            this.endpointId = endpointId;
            this.region = region;
            this.owner = owner;
        }
    }

    static final class Service {
        final String id;
        final String region;
        final Set<String> supportedRegions = ConcurrentHashMap.newKeySet();
        final Map<String, Connection> connections = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

        Service(String id, String region) {
            this.id = id;
            this.region = region;
            supportedRegions.add(region);
        }

        String name() {
            return "com.amazonaws.vpce." + region + "." + id;
        }
    }

    final WireMockServer server;
    final Map<String, Service> services = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    /** EC2's buckets per account and region: Describe* 100 / 20/s; Accept/Reject 10 / 1/s; other mutating 50 / 5/s. */
    final CloudTokenBucket describe = new CloudTokenBucket(100, 20);
    final CloudTokenBucket acceptReject = new CloudTokenBucket(10, 1);
    final CloudTokenBucket mutate = new CloudTokenBucket(50, 5);
    /** How long an accepted connection stays {@code pending} before it is {@code available}. */
    volatile Duration pendingFor = Duration.ofMillis(300);
    /**
     * Endpoints whose owner deletes them just as a reject for them reaches EC2 (after our listing saw them
     * available): the reject finds them {@code deleting}.
     */
    final Set<String> deletedAsRejectArrives = ConcurrentHashMap.newKeySet();
    /** The largest page DescribeVpcEndpointConnections returns (EC2 allows up to 1,000; smaller pages exercise nextToken). */
    volatile int maxPage = 1000;

    Ec2Fake() {
        server = new WireMockServer(options().dynamicPort().containerThreads(64).extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    Service addService(String id, String region) {
        return services.computeIfAbsent(id, key -> new Service(id, region));
    }

    /**
     * A customer's endpoint connecting to one of our services, as if made in their account. As on AWS,
     * CreateVpcEndpoint from another region than the service's fails unless the service supports that
     * region: no connection is made.
     */
    Connection connect(String serviceId, String endpointId, String endpointRegion) {
        Service service = services.get(serviceId);
        if (!service.supportedRegions.contains(endpointRegion)) {
            throw new IllegalStateException("InvalidServiceName: The Vpc Endpoint Service '" + service.name()
                    + "' does not exist in " + endpointRegion);
        }
        Connection connection = new Connection(endpointId, endpointRegion, "444455556666");
        services.get(serviceId).connections.put(endpointId, connection);
        return connection;
    }

    String state(String serviceId, String endpointId) {
        Connection connection = services.get(serviceId).connections.get(endpointId);
        settle(connection);
        return connection.state;
    }

    int requests(String action) {
        return requests.getOrDefault(action, new AtomicInteger()).get();
    }

    int throttles() {
        return throttles.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<Call> calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    /** Forgets counts and calls (the state stays), and fills the buckets: a measurement starts here. */
    void resetCounts() {
        calls.clear();
        requests.clear();
        throttles.clear();
        describe.refill();
        acceptReject.refill();
        mutate.refill();
    }

    void close() {
        server.stop();
    }

    @Override
    public String getName() {
        return "ec2-fake";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Map<String, String> parameters = form(event.getRequest().getBodyAsString());
        String action = parameters.getOrDefault("Action", "");
        requests.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        if (!bucket(action).take()) {
            throttles.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            calls.add(new Call(action, parameters, true));
            return error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        Call call = new Call(action, parameters, false);
        calls.add(call);
        return switch (action) {
            case "DescribeVpcEndpointServiceConfigurations" -> describeServices(call);
            case "DescribeVpcEndpointConnections" -> describeConnections(call);
            case "AcceptVpcEndpointConnections" -> decide(call, true);
            case "RejectVpcEndpointConnections" -> decide(call, false);
            case "ModifyVpcEndpointServiceConfiguration" -> modify(call);
            default -> error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        };
    }

    private CloudTokenBucket bucket(String action) {
        if (action.startsWith("Describe")) {
            return describe;
        }
        return action.equals("AcceptVpcEndpointConnections") || action.equals("RejectVpcEndpointConnections")
                ? acceptReject : mutate;
    }

    private ResponseDefinition describeServices(Call call) {
        StringBuilder body = new StringBuilder("<serviceConfigurationSet>");
        for (String id : call.list("ServiceId")) {
            Service service = services.get(id);
            if (service == null) {
                return error(400, "InvalidVpcEndpointServiceId.NotFound", "The VPC endpoint service ID '" + id + "' does not exist");
            }
            body.append("<item><serviceType><item><serviceType>Interface</serviceType></item></serviceType>")
                    .append("<serviceId>").append(service.id).append("</serviceId>")
                    .append("<serviceName>").append(service.name()).append("</serviceName>")
                    .append("<serviceState>Available</serviceState>")
                    .append("<availabilityZoneSet><item>").append(service.region).append("a</item></availabilityZoneSet>")
                    .append("<acceptanceRequired>true</acceptanceRequired><managesVpcEndpoints>false</managesVpcEndpoints>")
                    .append("<baseEndpointDnsNameSet><item>").append(service.id).append('.').append(service.region)
                    .append(".vpce.amazonaws.com</item></baseEndpointDnsNameSet><supportedRegionSet>");
            service.supportedRegions.forEach(r -> body.append("<item><region>").append(r)
                    .append("</region><serviceState>Available</serviceState></item>"));
            body.append("</supportedRegionSet></item>");
        }
        return ok("DescribeVpcEndpointServiceConfigurations", body.append("</serviceConfigurationSet>").toString());
    }

    private ResponseDefinition describeConnections(Call call) {
        Map<String, List<String>> filters = filters(call);
        List<Connection> matching = new ArrayList<>();
        for (Service service : services.values()) {
            if (filters.containsKey("service-id") && !filters.get("service-id").contains(service.id)) {
                continue;
            }
            for (Connection connection : snapshot(service.connections.values())) {
                settle(connection);
                if (filters.containsKey("vpc-endpoint-id") && !filters.get("vpc-endpoint-id").contains(connection.endpointId)) {
                    continue;
                }
                if (filters.containsKey("vpc-endpoint-state") && !filters.get("vpc-endpoint-state").contains(connection.state)) {
                    continue;
                }
                matching.add(connection);
            }
        }
        int from = Integer.parseInt(call.parameters().getOrDefault("NextToken", "0"));
        int size = Math.min(maxPage, Integer.parseInt(call.parameters().getOrDefault("MaxResults", "1000")));
        int to = Math.min(matching.size(), from + size);
        StringBuilder body = new StringBuilder("<vpcEndpointConnectionSet>");
        for (Connection c : matching.subList(from, to)) {
            String serviceId = services.values().stream().filter(s -> s.connections.containsKey(c.endpointId)).findFirst()
                    .map(s -> s.id).orElse("");
            body.append("<item><serviceId>").append(serviceId).append("</serviceId>")
                    .append("<vpcEndpointId>").append(c.endpointId).append("</vpcEndpointId>")
                    .append("<vpcEndpointOwner>").append(c.owner).append("</vpcEndpointOwner>")
                    .append("<vpcEndpointState>").append(c.state).append("</vpcEndpointState>")
                    .append("<creationTimestamp>").append(c.createdAt).append("</creationTimestamp>")
                    .append("<vpcEndpointConnectionId>vpce-con-").append(c.endpointId.substring(5)).append("</vpcEndpointConnectionId>")
                    .append("<vpcEndpointRegion>").append(c.region).append("</vpcEndpointRegion></item>");
        }
        body.append("</vpcEndpointConnectionSet>");
        if (to < matching.size()) {
            body.append("<nextToken>").append(to).append("</nextToken>");
        }
        return ok("DescribeVpcEndpointConnections", body.toString());
    }

    private ResponseDefinition decide(Call call, boolean accept) {
        String action = call.action();
        Service service = services.get(call.parameters().get("ServiceId"));
        if (service == null) {
            return error(400, "InvalidVpcEndpointServiceId.NotFound", "The VPC endpoint service ID '"
                    + call.parameters().get("ServiceId") + "' does not exist");
        }
        StringBuilder unsuccessful = new StringBuilder();
        for (String id : call.list("VpcEndpointId")) {
            Connection connection = service.connections.get(id);
            String problem = null;
            if (connection == null) {
                problem = item(id, "InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id '" + id + "' does not exist");
            } else {
                synchronized (connection) {
                    settle(connection);
                    if (!accept && deletedAsRejectArrives.remove(id)) {
                        connection.state = "deleting";
                    }
                    if (accept && connection.state.equals("pendingAcceptance")) {
                        connection.state = "pending";
                        connection.acceptedAt = System.nanoTime();
                    } else if (!accept && Set.of("pendingAcceptance", "pending", "available").contains(connection.state)) {
                        connection.state = "rejected";
                    } else {
                        problem = item(id, "InvalidState", "Endpoint " + id + " is in state " + connection.state);
                    }
                }
            }
            if (problem != null) {
                unsuccessful.append(problem);
            }
        }
        return ok(action, unsuccessful.isEmpty() ? "<unsuccessful/>" : "<unsuccessful>" + unsuccessful + "</unsuccessful>");
    }

    private ResponseDefinition modify(Call call) {
        Service service = services.get(call.parameters().get("ServiceId"));
        if (service == null) {
            return error(400, "InvalidVpcEndpointServiceId.NotFound", "The VPC endpoint service ID '"
                    + call.parameters().get("ServiceId") + "' does not exist");
        }
        service.supportedRegions.addAll(call.list("AddSupportedRegion"));
        return ok("ModifyVpcEndpointServiceConfiguration", "<return>true</return>");
    }

    private void settle(Connection connection) {
        if (connection.state.equals("pending") && System.nanoTime() - connection.acceptedAt >= pendingFor.toNanos()) {
            connection.state = "available";
        }
    }

    private static <T> List<T> snapshot(Collection<T> values) {
        synchronized (values) {
            return new ArrayList<>(values);
        }
    }

    /** {@code Filter.1.Name=service-id&Filter.1.Value.1=…} → name → values. */
    private static Map<String, List<String>> filters(Call call) {
        Map<String, List<String>> filters = new TreeMap<>();
        for (int i = 1; call.parameters().containsKey("Filter." + i + ".Name"); i++) {
            filters.put(call.parameters().get("Filter." + i + ".Name"), call.list("Filter." + i + ".Value"));
        }
        return filters;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static String item(String id, String code, String message) {
        return "<item><error><code>" + code + "</code><message>" + message + "</message></error><resourceId>" + id
                + "</resourceId></item>";
    }

    private static ResponseDefinition ok(String action, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NS + "\">"
                        + "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>" + body + "</" + action + "Response>")
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error></Errors>"
                        + "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>")
                .build();
    }
}
