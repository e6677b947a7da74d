package dev.privatelink.cloud.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.privatelink.cloud.azure.AzureArmStub.ALIAS;
import static dev.privatelink.cloud.azure.AzureArmStub.NETWORK_API_VERSION;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_ID;
import static dev.privatelink.cloud.azure.AzureArmStub.PLS_PATH;
import static dev.privatelink.cloud.azure.AzureArmStub.REGION;
import static dev.privatelink.cloud.azure.AzureArmStub.SUBSCRIPTION;
import static dev.privatelink.cloud.azure.AzureArmStub.TOKEN;
import static dev.privatelink.cloud.azure.AzureArmStub.armError;
import static dev.privatelink.cloud.azure.AzureArmStub.body;
import static dev.privatelink.cloud.azure.AzureArmStub.connection;
import static dev.privatelink.cloud.azure.AzureArmStub.connectionId;
import static dev.privatelink.cloud.azure.AzureArmStub.connectionPage;
import static dev.privatelink.cloud.azure.AzureArmStub.json;
import static dev.privatelink.cloud.azure.AzureArmStub.notFound;
import static dev.privatelink.cloud.azure.AzureArmStub.privateEndpointId;
import static dev.privatelink.cloud.azure.AzureArmStub.privateLinkService;
import static dev.privatelink.cloud.azure.AzureArmStub.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Azure Private Link Service adapter with the real Azure SDK against a stubbed Resource Manager
 * over HTTPS: what goes on the wire, how answers map onto the port, and how failures are classified.
 */
class AzurePrivateLinkServicesIntegrationTests {

    // generous: a cold JVM on a busy machine answers its first HTTPS request slowly
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    static final int SLOWER_THAN_TIMEOUT_MS = (int) RESPONSE_TIMEOUT.plusMillis(1500).toMillis();
    static final String GUID_A = "0f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60";
    static final String GUID_B = "4b8e1d2c-9a3f-4c7e-b6d5-1e2f3a4b5c6d";
    static final String GUID_C = "9c7d5e3f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    static final String CONNECTION_A = "pe-customer-a." + GUID_A;
    static final String CONNECTIONS_PATH = PLS_PATH + "/privateEndpointConnections";

    static AzureArmStub arm;
    static RecordingGuard guard;
    static AzurePrivateLinkServices services;

    final EndpointServiceRef ref = new EndpointServiceRef(CloudProvider.AZURE, SUBSCRIPTION, REGION, PLS_ID);

    @BeforeAll
    static void startArm() {
        arm = new AzureArmStub();
        AzureCloudProperties properties = arm.properties(RESPONSE_TIMEOUT);
        guard = new RecordingGuard();
        services = new AzurePrivateLinkServices(properties, arm.subscriptions(properties), guard,
                new AzureErrors(Clock.systemUTC()));
    }

    @AfterAll
    static void stopArm() {
        arm.close();
    }

    @BeforeEach
    void resetArm() {
        arm.reset();
        guard.sites.clear();
    }

    // --- describeEndpointService ---

    @Test
    void describeReadsAliasStateAndLocationOfThePrivateLinkService() {
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(json(200, privateLinkService("Succeeded",
                connection("pe-customer-a", GUID_A, "Approved", "approved", null)))));

        EndpointServiceDescription description = services.describeEndpointService(ref);

        assertThat(description.serviceName()).isEqualTo(ALIAS);
        assertThat(description.cloudState()).isEqualTo("Succeeded");
        assertThat(description.available()).isTrue();
        assertThat(description.supportedRegions()).isEmpty();
        assertThat(description.ref().region()).isEqualTo(REGION);
        assertThat(description.privateDnsName()).isNull();
        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("GET");
        assertThat(request.getUrl()).startsWith(PLS_PATH + "?");
        assertArmRequest(request);
        assertThat(guard.sites).containsExactly(new CallSite(CloudProvider.AZURE, SUBSCRIPTION, REGION,
                ApiClass.AZURE_ARM_READ, "PrivateLinkServices_Get"));
    }

    @Test
    void aServiceStillBeingProvisionedIsNotAvailable() {
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(json(200, privateLinkService("Updating"))));

        EndpointServiceDescription description = services.describeEndpointService(ref);

        assertThat(description.cloudState()).isEqualTo("Updating");
        assertThat(description.available()).isFalse();
    }

    @Test
    void aBareServiceNameIsFoundInTheRegionsConfiguredResourceGroup() {
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(json(200, privateLinkService("Succeeded"))));

        services.describeEndpointService(new EndpointServiceRef(CloudProvider.AZURE, null, REGION, PLS));

        assertThat(onlyRequest().getUrl()).startsWith(PLS_PATH + "?");
    }

    @Test
    void aResourceIdOfAnotherTypeIsRefusedWithoutACall() {
        String loadBalancer = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb";

        CloudException error = catchThrowableOfType(CloudException.class,
                () -> services.describeEndpointService(new EndpointServiceRef(CloudProvider.AZURE, null, REGION, loadBalancer)));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.TERMINAL);
        assertThat(error.getMessage()).contains("not a Private Link Service");
        assertThat(arm.requests()).isEmpty();
    }

    @Test
    void aBareNameInAnUnconfiguredRegionIsRefusedWithTheSettingToFix() {
        CloudException error = catchThrowableOfType(CloudException.class,
                () -> services.describeEndpointService(new EndpointServiceRef(CloudProvider.AZURE, null, "eastus", PLS)));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.TERMINAL);
        assertThat(error.getMessage()).contains("privatelink.clouds.azure.regions.eastus");
        assertThat(arm.requests()).isEmpty();
    }

    // --- listConnections ---

    @Test
    void listFollowsNextLinkAndMapsEveryConnection() {
        String nextLink = arm.baseUrl() + CONNECTIONS_PATH + "?api-version=" + NETWORK_API_VERSION + "&$skiptoken=page2";
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).withQueryParam("$skiptoken", WireMock.absent())
                .willReturn(json(200, connectionPage(nextLink,
                        connection("pe-customer-a", GUID_A, "Pending", "Please approve", "eastus2"),
                        connection("pe-customer-b", GUID_B, "Approved", "Auto-Approved", null)))));
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).withQueryParam("$skiptoken", equalTo("page2"))
                .willReturn(json(200, connectionPage(null,
                        connection("pe-customer-c", GUID_C, "Rejected", "not on an allow list", null),
                        connection("pe-customer-d", "1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6", "Disconnected", "", null)))));

        List<EndpointConnection> connections = services.listConnections(ref);

        assertThat(connections).extracting(EndpointConnection::state).containsExactly(
                ConnectionState.PENDING_ACCEPTANCE, ConnectionState.AVAILABLE, ConnectionState.REJECTED,
                ConnectionState.DISCONNECTED);
        assertThat(connections).extracting(EndpointConnection::cloudState)
                .containsExactly("Pending", "Approved", "Rejected", "Disconnected");
        EndpointConnection pending = connections.getFirst();
        assertThat(pending.endpointId()).isEqualTo(GUID_A);
        assertThat(pending.endpointResourceId()).isEqualTo(privateEndpointId("pe-customer-a"));
        assertThat(pending.connectionName()).isEqualTo(CONNECTION_A);
        assertThat(pending.endpointRegion()).isEqualTo("eastus2");
        assertThat(pending.ownerId()).isEqualTo(AzureArmStub.CUSTOMER_SUBSCRIPTION);
        assertThat(pending.matches(GUID_A.toUpperCase())).isTrue();
        assertThat(pending.matches(privateEndpointId("pe-customer-a"))).isTrue();
        assertThat(connections.get(1).endpointRegion()).isNull();
        assertThat(arm.requests()).hasSize(2).allSatisfy(AzurePrivateLinkServicesIntegrationTests::assertArmRequest);
        assertThat(guard.sites).singleElement().satisfies(site -> {
            assertThat(site.apiClass()).isEqualTo(ApiClass.AZURE_ARM_READ);
            assertThat(site.operation()).isEqualTo("PrivateLinkServices_ListPrivateEndpointConnections");
        });
    }

    @Test
    void connectionsNamedWithoutAGuidAreMatchedByTheirPrivateEndpointId() {
        // the shape of the spec example PrivateLinkServiceListPrivateEndpointConnection.json
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).willReturn(json(200, """
                {
                  "value": [
                    {
                      "name": "testPlePeConnection1",
                      "id": "%s",
                      "properties": {
                        "privateEndpoint": {"id": "%s"},
                        "privateLinkServiceConnectionState": {"status": "Approved", "description": "approved it for some reason."}
                      }
                    }
                  ]
                }""".formatted(connectionId("testPlePeConnection1"), privateEndpointId("testPe1")))));

        EndpointConnection only = services.listConnections(ref).getFirst();

        assertThat(only.endpointId()).isNull();
        assertThat(only.connectionName()).isEqualTo("testPlePeConnection1");
        assertThat(only.matches(privateEndpointId("testPe1"))).isTrue();
    }

    @Test
    void anApprovalAzureIsStillApplyingIsPendingNotAvailable() {
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).willReturn(json(200, connectionPage(null,
                connection("pe-customer-a", GUID_A, "Approved", "approved", null)
                        .replace("\"privateEndpoint\":", "\"provisioningState\": \"Updating\",\n    \"privateEndpoint\":")))));

        assertThat(services.listConnections(ref).getFirst().state()).isEqualTo(ConnectionState.PENDING);
    }

    /** A status or provisioning state Azure might add is still in progress, not a failure, and lists without an error. */
    @Test
    void anUndocumentedStatusIsInProgressNotFailed() {
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).willReturn(json(200, connectionPage(null,
                connection("pe-customer-a", GUID_A, "Quarantined", "held for review", null),
                connection("pe-customer-b", GUID_B, "Approved", "approved", null)
                        .replace("\"privateEndpoint\":", "\"provisioningState\": \"Migrating\",\n    \"privateEndpoint\":")))));

        List<EndpointConnection> connections = services.listConnections(ref);

        assertThat(connections).extracting(EndpointConnection::state)
                .containsExactly(ConnectionState.PENDING, ConnectionState.PENDING);
        assertThat(connections).extracting(EndpointConnection::cloudState).containsExactly("Quarantined", "Approved");
    }

    // --- acceptConnection / rejectConnection ---

    @Test
    void acceptPutsApprovedWithADescriptionOnTheNamedConnection() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(json(200, connection("pe-customer-a", GUID_A, "Approved",
                        AzurePrivateLinkServices.APPROVAL_DESCRIPTION, null))));

        services.acceptConnection(ref, pendingConnection());

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertThat(request.getUrl()).startsWith(connectionId(CONNECTION_A) + "?");
        assertArmRequest(request);
        JsonNode state = body(request).path("properties").path("privateLinkServiceConnectionState");
        assertThat(state.path("status").asString()).isEqualTo("Approved");
        assertThat(state.path("description").asString()).isEqualTo(AzurePrivateLinkServices.APPROVAL_DESCRIPTION);
        assertThat(body(request).path("name").asString()).isEqualTo(CONNECTION_A);
        assertThat(guard.sites).singleElement().satisfies(site -> {
            assertThat(site.apiClass()).isEqualTo(ApiClass.AZURE_ARM_WRITE);
            assertThat(site.operation()).isEqualTo("PrivateLinkServices_UpdatePrivateEndpointConnection");
        });
    }

    @Test
    void acceptingAConnectionAlreadyApprovedSpendsNoWrite() {
        EndpointConnection approved = new EndpointConnection(GUID_A, privateEndpointId("pe-customer-a"), CONNECTION_A,
                "Approved", ConnectionState.AVAILABLE, null, null, null);

        services.acceptConnection(ref, approved);

        assertThat(arm.requests()).isEmpty();
    }

    @Test
    void acceptingAnApprovalAzureIsStillApplyingIsNoError() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(json(200, connection("pe-customer-a", GUID_A, "Approved", "approved", null))));
        EndpointConnection applying = new EndpointConnection(GUID_A, privateEndpointId("pe-customer-a"), CONNECTION_A,
                "Approved", ConnectionState.PENDING, null, null, null);

        services.acceptConnection(ref, applying);

        assertThat(arm.requests()).hasSize(1);
    }

    @Test
    void rejectPutsRejectedWithTheReasonAsDescription() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(json(200, connection("pe-customer-a", GUID_A, "Rejected", "not registered", null))));

        services.rejectConnection(ref, pendingConnection(), "endpoint is not registered with any organization");

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertThat(request.getUrl()).startsWith(connectionId(CONNECTION_A) + "?");
        assertArmRequest(request);
        JsonNode state = body(request).path("properties").path("privateLinkServiceConnectionState");
        assertThat(state.path("status").asString()).isEqualTo("Rejected");
        assertThat(state.path("description").asString()).isEqualTo("endpoint is not registered with any organization");
    }

    @Test
    void rejectingAConnectionWhoseEndpointWasDeletedMeanwhileIsDone() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(notFound("Microsoft.Network/privateLinkServices/" + PLS + "/privateEndpointConnections/" + CONNECTION_A)));

        services.rejectConnection(ref, pendingConnection(), "removed from the organization");

        assertThat(onlyRequest().getMethod().getName()).isEqualTo("PUT");
    }

    @Test
    void rejectingAConnectionAzureIsStillChangingIsRetryable() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(armError(409, "Conflict", "Another operation on this or a dependent resource is in progress.")));

        CloudException error = catchThrowableOfType(CloudException.class,
                () -> services.rejectConnection(ref, pendingConnection(), "removed from the organization"));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
    }

    @Test
    void approvingARejectedConnectionIsTerminal() {
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(armError(400, "BadRequest", "Approving rejected private endpoint connections is not supported.")));

        CloudException error = catchThrowableOfType(CloudException.class,
                () -> services.acceptConnection(ref, pendingConnection()));

        assertThat(error.kind()).isEqualTo(CloudErrorKind.TERMINAL);
        assertThat(error.code()).isEqualTo("BadRequest");
        assertThat(error.getMessage()).contains("not supported");
    }

    @Test
    void aConnectionWithoutItsNameCannotBeAddressed() {
        EndpointConnection nameless = new EndpointConnection(GUID_A, null, null, "Pending",
                ConnectionState.PENDING_ACCEPTANCE, null, null, null);

        assertThatThrownBy(() -> services.acceptConnection(ref, nameless))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL));
        assertThat(arm.requests()).isEmpty();
    }

    // --- deleteConnection ---

    @Test
    void deleteSendsOneDeleteAndDoesNotPollTheAsynchronousOperation() {
        String operation = arm.baseUrl() + "/subscriptions/" + SUBSCRIPTION
                + "/providers/Microsoft.Network/locations/westus3/operationResults/5d0b7c1e-4f3a-4e2b-9c8d-7a6b5c4d3e2f?api-version="
                + NETWORK_API_VERSION;
        arm.server.stubFor(delete(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A))
                .willReturn(aResponse().withStatus(202).withHeader("Azure-AsyncOperation", operation)
                        .withHeader("Location", operation)));
        arm.server.stubFor(get(urlPathMatching(".*/operationResults/.*"))
                .willReturn(json(200, "{\"status\": \"InProgress\"}")));

        services.deleteConnection(ref, pendingConnection());

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("DELETE");
        assertThat(request.getUrl()).startsWith(connectionId(CONNECTION_A) + "?");
        assertArmRequest(request);
        assertThat(guard.sites).singleElement().extracting(CallSite::apiClass).isEqualTo(ApiClass.AZURE_ARM_WRITE);
    }

    @Test
    void deletingAConnectionThatIsGoneIsNoError() {
        arm.server.stubFor(delete(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A)).willReturn(aResponse().withStatus(204)));

        services.deleteConnection(ref, pendingConnection());

        assertThat(arm.requests()).hasSize(1);
    }

    // --- failures, for every operation ---

    enum Operation {
        DESCRIBE("GET", PLS_PATH, (s, ref) -> s.describeEndpointService(ref)),
        LIST("GET", CONNECTIONS_PATH, (s, ref) -> s.listConnections(ref)),
        ACCEPT("PUT", CONNECTIONS_PATH + "/" + CONNECTION_A, (s, ref) -> s.acceptConnection(ref, pendingConnection())),
        REJECT("PUT", CONNECTIONS_PATH + "/" + CONNECTION_A, (s, ref) -> s.rejectConnection(ref, pendingConnection(), "no")),
        DELETE("DELETE", CONNECTIONS_PATH + "/" + CONNECTION_A, (s, ref) -> s.deleteConnection(ref, pendingConnection()));

        final String method;
        final String path;
        final java.util.function.BiConsumer<AzurePrivateLinkServices, EndpointServiceRef> call;

        Operation(String method, String path, java.util.function.BiConsumer<AzurePrivateLinkServices, EndpointServiceRef> call) {
            this.method = method;
            this.path = path;
            this.call = call;
        }

        void stub(ResponseDefinitionBuilder response) {
            UrlPattern url = urlPathEqualTo(path);
            arm.server.stubFor(any(url).withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(response));
        }
    }

    static Stream<Arguments> operations() {
        return Stream.of(Operation.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void notFoundIsClassifiedNotFound(Operation operation) {
        operation.stub(notFound("Microsoft.Network/privateLinkServices/" + PLS));

        if (operation == Operation.DELETE || operation == Operation.REJECT) {
            operation.call.accept(services, ref); // gone is what a delete, and a reject, wants
        } else {
            CloudException error = failure(operation);
            assertThat(error.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
            assertThat(error.code()).isEqualTo("ResourceNotFound");
        }
        assertThat(arm.requests()).singleElement().extracting(r -> r.getMethod().getName()).isEqualTo(operation.method);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void throttlingIsClassifiedThrottledWithTheCloudsRetryAfterAndNotRetriedByTheSdk(Operation operation) {
        operation.stub(throttled(17));

        CloudException error = failure(operation);

        assertThat(error.kind()).isEqualTo(CloudErrorKind.THROTTLED);
        assertThat(error.code()).isEqualTo("TooManyRequests");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(arm.requests()).as("HTTP attempts by the SDK itself").hasSize(1 + AzureSubscriptions.SDK_RETRIES);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void serverErrorsAreRetryableAndNotRetriedByTheSdk(Operation operation) {
        operation.stub(armError(503, "ServiceUnavailable", "The service is temporarily unavailable."));

        CloudException error = failure(operation);

        assertThat(error.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(error.code()).isEqualTo("ServiceUnavailable");
        assertThat(arm.requests()).as("HTTP attempts by the SDK itself").hasSize(1 + AzureSubscriptions.SDK_RETRIES);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void aResponseSlowerThanTheTimeoutIsRetryable(Operation operation) {
        operation.stub(json(200, "{}").withFixedDelay(SLOWER_THAN_TIMEOUT_MS));

        long start = System.nanoTime();
        CloudException error = failure(operation);

        assertThat(error.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(error.code()).isEqualTo("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(SLOWER_THAN_TIMEOUT_MS));
        assertThat(arm.requests()).hasSize(1 + AzureSubscriptions.SDK_RETRIES);
    }

    // --- the cost of one endpoint ---

    @Test
    void oneEndpointBecomesReadyInFourArmRequests() {
        arm.server.stubFor(get(urlPathEqualTo(PLS_PATH)).willReturn(json(200, privateLinkService("Succeeded"))));
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).inScenario("approval").whenScenarioStateIs("Started")
                .willReturn(json(200, connectionPage(null, connection("pe-customer-a", GUID_A, "Pending", "", null)))));
        arm.server.stubFor(put(urlPathEqualTo(CONNECTIONS_PATH + "/" + CONNECTION_A)).inScenario("approval")
                .willSetStateTo("approved")
                .willReturn(json(200, connection("pe-customer-a", GUID_A, "Approved", "approved", null))));
        arm.server.stubFor(get(urlPathEqualTo(CONNECTIONS_PATH)).inScenario("approval").whenScenarioStateIs("approved")
                .willReturn(json(200, connectionPage(null, connection("pe-customer-a", GUID_A, "Approved", "approved", null)))));

        services.describeEndpointService(ref);
        EndpointConnection pending = services.listConnections(ref).getFirst();
        services.acceptConnection(ref, pending);
        EndpointConnection ready = services.listConnections(ref).getFirst();

        assertThat(ready.state()).isEqualTo(ConnectionState.AVAILABLE);
        List<LoggedRequest> requests = arm.requests();
        long reads = requests.stream().filter(r -> r.getMethod().getName().equals("GET")).count();
        long writes = requests.size() - reads;
        System.out.printf("Azure calls per Ready endpoint: %d ARM requests (%d reads, %d writes)%n",
                requests.size(), reads, writes);
        assertThat(requests).hasSize(4);
        assertThat(reads).isEqualTo(3);
        assertThat(writes).isEqualTo(1);
    }

    // --- helpers ---

    static EndpointConnection pendingConnection() {
        return new EndpointConnection(GUID_A, privateEndpointId("pe-customer-a"), CONNECTION_A, "Pending",
                ConnectionState.PENDING_ACCEPTANCE, null, AzureArmStub.CUSTOMER_SUBSCRIPTION, null);
    }

    CloudException failure(Operation operation) {
        return catchThrowableOfType(CloudException.class, () -> operation.call.accept(services, ref));
    }

    LoggedRequest onlyRequest() {
        return arm.onlyRequest();
    }

    static void assertArmRequest(LoggedRequest request) {
        AzureArmStub.assertArmRequest(request, NETWORK_API_VERSION);
    }
}
