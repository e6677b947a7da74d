package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointConnections;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.PrivateDnsNameVerification.DomainVerification;
import dev.privatelink.cloud.PrivateDnsNameVerification;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxDnsZones;
import dev.privatelink.sandbox.model.SandboxFaults;
import dev.privatelink.sandbox.model.SandboxLedger;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.MutableClock;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox behind the cloud port, as the workflows use it, against the real database. */
@IntegrationTest
class SandboxCloudIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends backends;
    @Autowired
    List<DnsRecords> dnsRecords;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxFaults faults;

    @AfterEach
    void noFaults() {
        faults.set(SandboxFaults.Rates.NONE);
    }

    @Test
    void theTestProfileIsServedByTheSandboxForBothClouds() {
        assertThat(aws().backendName()).isEqualTo("sandbox");
        assertThat(azure().backendName()).isEqualTo("sandbox");
        assertThat(dnsRecords).extracting(DnsRecords::provider).containsExactlyInAnyOrder(CloudProvider.AWS, CloudProvider.AZURE);
    }

    @Test
    void createEndpointServiceIsIdempotentOnItsToken() {
        String token = UUID.randomUUID().toString();

        EndpointServiceDescription first = aws().createEndpointService(null, "us-west-2", token);
        EndpointServiceDescription again = aws().createEndpointService(null, "us-west-2", token);
        EndpointServiceDescription other = aws().createEndpointService(null, "us-west-2", UUID.randomUUID().toString());

        assertThat(first.ref().cloudResourceId()).matches("vpce-svc-[0-9a-f]{17}");
        assertThat(first.serviceName()).isEqualTo("com.amazonaws.vpce.us-west-2." + first.ref().cloudResourceId());
        assertThat(first.cloudState()).isEqualTo("Available");
        assertThat(first.available()).isTrue();
        assertThat(first.supportedRegions()).containsExactly("us-west-2");
        assertThat(again.ref()).isEqualTo(first.ref());
        assertThat(other.ref().cloudResourceId()).isNotEqualTo(first.ref().cloudResourceId());
        assertThat(aws().describeEndpointService(first.ref())).isEqualTo(first);
    }

    @Test
    void azurePrivateLinkServicesAreNamedAndAliasedAsAzureDoes() {
        String token = UUID.randomUUID().toString();

        EndpointServiceDescription pls = azure().createEndpointService(null, "westus3", token);

        assertThat(pls.ref().cloudResourceId()).matches(
                "/subscriptions/[0-9a-f-]{36}/resourceGroups/privatelink-westus3/providers/Microsoft.Network/privateLinkServices/production-westus3-\\d+-0");
        String name = pls.ref().cloudResourceId().substring(pls.ref().cloudResourceId().lastIndexOf('/') + 1);
        assertThat(pls.serviceName()).matches(name + "\\.[0-9a-f-]{36}\\.westus3\\.azure\\.privatelinkservice");
        assertThat(pls.cloudState()).isEqualTo("Succeeded");
        assertThat(pls.supportedRegions()).isEmpty();
        assertThat(azure().createEndpointService(null, "westus3", token).ref()).isEqualTo(pls.ref());
        assertThat(azure()).isNotInstanceOf(PrivateDnsNameVerification.class); // Azure has no domain verification
    }

    @Test
    void aCustomerEndpointIsSeenPendingAcceptanceThenAcceptedToAvailable() {
        EndpointServiceDescription service = newAwsService("us-east-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "us-east-1");

        EndpointConnection pending = connection(aws(), service.ref(), vpceId);
        assertThat(pending.cloudState()).isEqualTo("pendingAcceptance");
        assertThat(pending.state()).isEqualTo(ConnectionState.PENDING_ACCEPTANCE);
        assertThat(pending.endpointRegion()).isEqualTo("us-east-1");
        assertThat(pending.ownerId()).matches("\\d{12}");
        assertThat(pending.createdAt()).isNotNull();
        assertThat(pending.matches(vpceId.toUpperCase())).isTrue();

        aws().acceptConnection(service.ref(), pending);
        aws().acceptConnection(service.ref(), pending); // accepting an accepted connection is not an error

        assertThat(connection(aws(), service.ref(), vpceId).state()).isEqualTo(ConnectionState.AVAILABLE);
        assertThat(api.as(Credentials.DEV_ADMIN).get("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200)
                .result().get("state").asString()).isEqualTo("available");
    }

    @Test
    void theAcceptLatencyKeepsAConnectionPendingUntilTheClockPassesIt() {
        MutableClock clock = new MutableClock(Instant.now());
        SandboxAwsEndpointServices slow = replica(SandboxSettings.defaults()
                .withLatency(new SandboxSettings.Latency(null, Duration.ofSeconds(30), null, null, null, null)), clock);
        EndpointServiceDescription service = newAwsService("us-east-2");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "us-east-2");

        slow.acceptConnection(service.ref(), connection(slow, service.ref(), vpceId));

        assertThat(connection(slow, service.ref(), vpceId).cloudState()).isEqualTo("pending");
        assertThat(connection(slow, service.ref(), vpceId).state()).isEqualTo(ConnectionState.PENDING);
        clock.advance(Duration.ofSeconds(29));
        assertThat(connection(slow, service.ref(), vpceId).cloudState()).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(1));
        assertThat(connection(slow, service.ref(), vpceId).cloudState()).isEqualTo("available");
    }

    @Test
    void aRejectedConnectionCannotBeAcceptedAnyMore() {
        EndpointServiceDescription service = newAwsService("us-west-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "us-west-1");
        EndpointConnection pending = connection(aws(), service.ref(), vpceId);

        aws().rejectConnection(service.ref(), pending, "not on any allow list");

        assertThat(connection(aws(), service.ref(), vpceId).state()).isEqualTo(ConnectionState.REJECTED);
        assertThatThrownBy(() -> aws().acceptConnection(service.ref(), pending))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                    assertThat(e.code()).isEqualTo("InvalidState");
                });
        assertThat(api.as(Credentials.DEV_ADMIN).get("/v1/sandbox/aws/vpcEndpoints/" + vpceId).result().get("state").asString())
                .isEqualTo("rejected");
    }

    @Test
    void aDeletedEndpointShowsDeletedOnTheServiceAndCannotBeAccepted() {
        EndpointServiceDescription service = newAwsService("ca-central-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "ca-central-1");
        EndpointConnection pending = connection(aws(), service.ref(), vpceId);

        api.as(Credentials.DEV_ADMIN).delete("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200);

        assertThat(connection(aws(), service.ref(), vpceId).state()).isEqualTo(ConnectionState.DELETED);
        assertThatThrownBy(() -> aws().acceptConnection(service.ref(), pending))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidState"));
    }

    @Test
    void aRejectOfAConnectionItsOwnerDeletedAfterItWasListedIsDoneAndLeavesItDeleted() {
        EndpointServiceDescription service = newAwsService("ca-central-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "ca-central-1");
        EndpointConnection listed = connection(aws(), service.ref(), vpceId);
        api.as(Credentials.DEV_ADMIN).delete("/v1/sandbox/aws/vpcEndpoints/" + vpceId).expectStatus(200);

        aws().rejectConnection(service.ref(), listed, "removed from the organization");

        assertThat(connection(aws(), service.ref(), vpceId).state()).isEqualTo(ConnectionState.DELETED);
        // what EC2 itself answers for it, which the adapter reads the same way
        assertThatThrownBy(() -> aws().acceptConnection(service.ref(), listed))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidState"));
    }

    @Test
    void azureRejectOfAConnectionWhoseEndpointWasDeletedAfterItWasListedIsDone() {
        EndpointServiceDescription pls = azure().createEndpointService(null, "eastus", UUID.randomUUID().toString());
        String guid = api.as(Credentials.DEV_ADMIN).post("/v1/sandbox/azure/privateEndpoints",
                        Map.of("privateLinkServiceAlias", pls.serviceName(), "region", "eastus")).expectStatus(200)
                .result().get("resourceGuid").asString();
        EndpointConnection listed = connection(azure(), pls.ref(), guid);
        api.as(Credentials.DEV_ADMIN).delete("/v1/sandbox/azure/privateEndpoints/" + guid).expectStatus(200);

        azure().rejectConnection(pls.ref(), listed, "removed from the organization");

        assertThat(connection(azure(), pls.ref(), guid).state()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void aConsumerInAnotherRegionIsRefusedUntilTheServiceAllowsThatRegion() {
        EndpointServiceDescription service = newAwsService("eu-west-1");

        TestApi.Response refused = api.as(Credentials.DEV_ADMIN).post("/v1/sandbox/aws/vpcEndpoints",
                Map.of("serviceName", service.serviceName(), "region", "eu-central-1"));
        refused.expectStatus(400);
        assertThat(refused.json().get("error").asString()).contains("Service name could not be verified");

        assertThat(aws().allowConsumerRegions(service.ref(), Set.of("eu-central-1"))).isEmpty();
        assertThat(aws().allowConsumerRegions(service.ref(), Set.of("eu-central-1"))).isEmpty();

        assertThat(aws().describeEndpointService(service.ref()).supportedRegions()).containsExactlyInAnyOrder("eu-west-1", "eu-central-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "eu-central-1");
        assertThat(connection(aws(), service.ref(), vpceId).endpointRegion()).isEqualTo("eu-central-1");
        // as on AWS, a region that cannot be added is refused on its own: the others in the request are added
        Map<String, CloudException> notAdded = aws().allowConsumerRegions(service.ref(), Set.of("us-gov-west-1", "ap-south-1"));
        assertThat(notAdded).containsOnlyKeys("us-gov-west-1");
        assertThat(notAdded.get("us-gov-west-1").isTerminal()).isTrue();
        assertThat(aws().describeEndpointService(service.ref()).supportedRegions())
                .containsExactlyInAnyOrder("eu-west-1", "eu-central-1", "ap-south-1");
    }

    @Test
    void azureApprovesAPrivateEndpointFromAnyRegionFoundByGuidOrResourceId() {
        EndpointServiceDescription pls = azure().createEndpointService(null, "westus3", UUID.randomUUID().toString());
        TestApi.Response created = api.as(Credentials.DEV_ADMIN).post("/v1/sandbox/azure/privateEndpoints",
                Map.of("privateLinkServiceAlias", pls.serviceName(), "region", "northeurope")).expectStatus(200);
        String guid = created.result().get("resourceGuid").asString();
        String resourceId = created.result().get("resourceId").asString();

        EndpointConnection pending = connection(azure(), pls.ref(), guid);
        assertThat(pending.cloudState()).isEqualTo("Pending");
        assertThat(pending.matches(resourceId)).isTrue();
        assertThat(pending.connectionName()).endsWith("." + guid);
        assertThat(pending.endpointRegion()).isEqualTo("northeurope");

        // the workflow may know only the resource id the customer registered
        azure().acceptConnection(pls.ref(), new EndpointConnection(resourceId, null, null, null, null, null, null, null));

        assertThat(connection(azure(), pls.ref(), guid).cloudState()).isEqualTo("Approved");
        assertThat(api.as(Credentials.DEV_ADMIN).get("/v1/sandbox/azure/privateEndpoints/" + guid).result()
                .get("connectionState").asString()).isEqualTo("Approved");
    }

    @Test
    void azureRefusesToApproveARejectedConnection() {
        EndpointServiceDescription pls = azure().createEndpointService(null, "eastus", UUID.randomUUID().toString());
        String guid = api.as(Credentials.DEV_ADMIN).post("/v1/sandbox/azure/privateEndpoints",
                        Map.of("privateLinkServiceAlias", pls.serviceName(), "region", "eastus")).expectStatus(200)
                .result().get("resourceGuid").asString();
        EndpointConnection pending = connection(azure(), pls.ref(), guid);

        azure().rejectConnection(pls.ref(), pending, "not registered");

        assertThatThrownBy(() -> azure().acceptConnection(pls.ref(), pending))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.isTerminal()).isTrue();
                    assertThat(e.getMessage()).contains("Approving rejected private endpoint connections is not supported");
                });
        assertThat(api.as(Credentials.DEV_ADMIN).get("/v1/sandbox/azure/privateEndpoints/" + guid).result()
                .get("connectionState").asString()).isEqualTo("Rejected");
    }

    @Test
    void unknownServicesAndConnectionsAreNotFound() {
        EndpointServiceRef unknown = new EndpointServiceRef(CloudProvider.AWS, null, "us-west-2", "vpce-svc-00000000000000000");
        EndpointServiceDescription service = newAwsService("us-west-2");

        assertThatThrownBy(() -> aws().describeEndpointService(unknown))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("InvalidVpcEndpointServiceId.NotFound");
                });
        assertThatThrownBy(() -> aws().listConnections(new EndpointServiceRef(CloudProvider.AWS, null, "eu-west-1",
                service.ref().cloudResourceId())))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> aws().acceptConnection(service.ref(),
                new EndpointConnection("vpce-00000000000000000", null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidVpcEndpointId.NotFound"));
    }

    @Test
    void privateDnsVerificationSucceedsOnceTheTxtRecordIsInTheSandboxDns() {
        EndpointServiceDescription service = newAwsService("us-west-2");
        String name = "*.us-west-2.vpce.aws." + UUID.randomUUID().toString().substring(0, 8) + ".example.com";

        DomainVerification txt = aws().setPrivateDnsName(service.ref(), name);
        assertThat(aws().describeEndpointService(service.ref()).privateDnsVerificationState()).isEqualTo("pendingVerification");
        assertThat(txt.recordName()).matches("_[a-z0-9]{10}\\." + name.substring(2).replace(".", "\\."));

        aws().startPrivateDnsVerification(service.ref());
        assertThat(aws().describeEndpointService(service.ref()).privateDnsVerificationState()).isEqualTo("failed");

        DnsRecords route53 = dnsRecords.stream().filter(d -> d.provider() == CloudProvider.AWS).findFirst().orElseThrow();
        String change = route53.upsert("Z0SANDBOX", txt.recordName() + ".", "TXT", 300, List.of("\"" + txt.recordValue() + "\""));
        assertThat(route53.isChangeApplied(change)).isTrue();
        aws().startPrivateDnsVerification(service.ref());

        EndpointServiceDescription verified = aws().describeEndpointService(service.ref());
        assertThat(verified.privateDnsName()).isEqualTo(name);
        assertThat(verified.privateDnsVerificationState()).isEqualTo("verified");
        assertThat(aws().setPrivateDnsName(service.ref(), name)).isEqualTo(txt); // same name: same record to prove
    }

    @Test
    void theStateLivesInTheDatabaseSoAnotherReplicaSeesIt() {
        EndpointServiceDescription service = newAwsService("ap-northeast-1");
        String vpceId = createVpcEndpoint(Credentials.DEV_ADMIN, service.serviceName(), "ap-northeast-1");
        aws().acceptConnection(service.ref(), connection(aws(), service.ref(), vpceId));

        SandboxAwsEndpointServices restarted = replica(SandboxSettings.defaults(), Clock.systemUTC());

        assertThat(restarted.describeEndpointService(service.ref())).isEqualTo(service);
        assertThat(connection(restarted, service.ref(), vpceId).state()).isEqualTo(ConnectionState.AVAILABLE);
    }

    @Test
    void injectedFaultsAreClassifiedAndRecordedInTheLedger() {
        EndpointServiceDescription service = newAwsService("sa-east-1");
        EndpointServiceDescription pls = azure().createEndpointService(null, "brazilsouth", UUID.randomUUID().toString());
        Instant since = Instant.now().minusSeconds(1);

        faults.set(new SandboxFaults.Rates(1, 0, 0));
        CloudException throttled = catchCloud(() -> aws().listConnections(service.ref()));
        faults.set(new SandboxFaults.Rates(0, 1, 0));
        CloudException serverError = catchCloud(() -> azure().describeEndpointService(pls.ref()));
        faults.set(new SandboxFaults.Rates(0, 0, 1));
        CloudException timeout = catchCloud(() -> aws().listConnections(service.ref()));
        faults.set(SandboxFaults.Rates.NONE);
        aws().listConnections(service.ref());

        assertThat(throttled.kind()).isEqualTo(CloudErrorKind.THROTTLED);
        assertThat(throttled.code()).isEqualTo("RequestLimitExceeded");
        assertThat(throttled.retryAfter()).isPresent();
        assertThat(serverError.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(serverError.code()).isEqualTo("500");
        assertThat(timeout.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        SandboxLedger.OperationCalls listed = new SandboxLedger(jdbc, Clock.systemUTC()).summary(since, "sa-east-1")
                .operations().stream().filter(o -> o.operation().equals("listConnections")).findFirst().orElseThrow();
        assertThat(listed.provider()).isEqualTo("aws");
        assertThat(listed.calls()).isEqualTo(3);
        assertThat(listed.outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1L, "RequestLimitExceeded", 1L, "Timeout", 1L));
    }

    private SandboxAwsEndpointServices aws() {
        return (SandboxAwsEndpointServices) backends.endpointServices(CloudProvider.AWS);
    }

    private SandboxAzurePrivateLinkServices azure() {
        return (SandboxAzurePrivateLinkServices) backends.endpointServices(CloudProvider.AZURE);
    }

    private EndpointServiceDescription newAwsService(String region) {
        return aws().createEndpointService(null, region, UUID.randomUUID().toString());
    }

    private String createVpcEndpoint(Credentials key, String serviceName, String region) {
        return api.as(key).post("/v1/sandbox/aws/vpcEndpoints", Map.of("serviceName", serviceName, "region", region))
                .expectStatus(200).result().get("vpcEndpointId").asString();
    }

    private static EndpointConnection connection(CloudEndpointConnections cloud, EndpointServiceRef ref, String id) {
        return cloud.listConnections(ref).stream().filter(c -> c.matches(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no connection " + id + " on " + ref));
    }

    /** Another instance of the sandbox over the same database, as after a restart or on another replica. */
    private SandboxAwsEndpointServices replica(SandboxSettings settings, Clock clock) {
        SandboxCalls calls = new SandboxCalls(new SandboxFaults(settings), new SandboxLedger(jdbc, clock));
        return new SandboxAwsEndpointServices(new SandboxServices(jdbc), new SandboxConnections(jdbc), calls,
                new SandboxDnsZones(jdbc), settings, clock);
    }

    private static CloudException catchCloud(Runnable call) {
        try {
            call.run();
        } catch (CloudException e) {
            return e;
        }
        throw new AssertionError("expected a CloudException");
    }
}
