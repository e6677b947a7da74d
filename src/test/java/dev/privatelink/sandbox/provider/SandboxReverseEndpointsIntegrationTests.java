package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;
import dev.privatelink.cloud.ResourceShareInvitations;
import dev.privatelink.cloud.ResourceShareInvitations.ResourceShareInvitation;
import dev.privatelink.cloud.ReverseVpcEndpoints;
import dev.privatelink.cloud.ReverseVpcEndpoints.EndpointType;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpoint;
import dev.privatelink.cloud.ReverseVpcEndpoints.VpcEndpointRequest;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxReverseEndpoints;
import dev.privatelink.sandbox.model.SandboxReverseTargets;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reverse direction of the sandbox behind the cloud port, as the workflows use it: it checks what
 * AWS checks and answers with AWS's codes, through the same classification, and never overfills a
 * subnet even when creations race.
 */
@IntegrationTest
class SandboxReverseEndpointsIntegrationTests {

    static final String PLATFORM = "072088201116";

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends backends;
    @Autowired
    SandboxReverseEndpoints endpoints;
    @Autowired
    SandboxReverseTargets targets;
    @Autowired
    SandboxCalls calls;
    @Autowired
    SandboxSettings settings;
    @Autowired
    Clock clock;

    Tenant customer;

    @BeforeEach
    void aCustomer() {
        customer = api.newTenant("SCALE");
    }

    ReverseVpcEndpoints vpc() {
        return backends.reverseVpcEndpoints(CloudProvider.AWS).orElseThrow();
    }

    ResourceShareInvitations ram() {
        return backends.resourceShareInvitations(CloudProvider.AWS).orElseThrow();
    }

    MskVpcConnections msk() {
        return backends.mskVpcConnections(CloudProvider.AWS).orElseThrow();
    }

    JsonNode service(String region, List<String> principals, List<String> supportedRegions) {
        return api.as(customer.admin()).post("/v1/sandbox/aws/endpointServices", Map.of("region", region, "acceptanceRequired", false,
                "allowedPrincipals", principals, "supportedRegions", supportedRegions)).expectStatus(200).result();
    }

    static VpcEndpointRequest toService(String region, String serviceName, String serviceRegion, String token) {
        return new VpcEndpointRequest(region, EndpointType.INTERFACE, serviceName, serviceRegion, null, false, token);
    }

    @Test
    void aServiceThatDoesNotAllowThePlatformDoesNotExistForIt() {
        String hidden = service("us-east-1", List.of("111122223333"), List.of()).get("serviceName").asString();
        String byRoot = service("us-east-1", List.of("arn:aws:iam::" + PLATFORM + ":root"), List.of()).get("serviceName").asString();
        String byAnyone = service("us-east-1", List.of("*"), List.of()).get("serviceName").asString();

        assertThatThrownBy(() -> vpc().createVpcEndpoint(toService("us-east-1", hidden, null, UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidServiceName");
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
                });
        assertThatThrownBy(() -> vpc().describeEndpointServiceOffer("us-east-1", hidden, null))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidServiceName"));
        assertThat(vpc().createVpcEndpoint(toService("us-east-1", byRoot, null, UUID.randomUUID().toString())).state())
                .isEqualTo(ConnectionState.PENDING);
        assertThat(vpc().createVpcEndpoint(toService("us-east-1", byAnyone, null, UUID.randomUUID().toString())).state())
                .isEqualTo(ConnectionState.PENDING);
    }

    @Test
    void aServiceInAnotherRegionIsReachableOnlyWhenItOffersTheRegionAndIsAskedForThere() {
        String local = service("eu-west-1", List.of(PLATFORM), List.of()).get("serviceName").asString();
        String offered = service("eu-west-1", List.of(PLATFORM), List.of("us-east-1")).get("serviceName").asString();

        assertThatThrownBy(() -> vpc().createVpcEndpoint(toService("us-east-1", local, "eu-west-1", UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidServiceName"));
        assertThatThrownBy(() -> vpc().createVpcEndpoint(toService("us-east-1", offered, null, UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidServiceName"));
        assertThat(vpc().createVpcEndpoint(toService("us-east-1", offered, "eu-west-1", UUID.randomUUID().toString())).vpcEndpointId())
                .startsWith("vpce-");
    }

    @Test
    void aCreateWithTheSameTokenFindsTheFirstEndpointAndAnotherRequestWithItIsRefused() {
        String name = service("us-east-1", List.of(PLATFORM), List.of()).get("serviceName").asString();
        String other = service("us-east-1", List.of(PLATFORM), List.of()).get("serviceName").asString();
        String token = UUID.randomUUID().toString();

        VpcEndpoint first = vpc().createVpcEndpoint(toService("us-east-1", name, null, token));
        VpcEndpoint again = vpc().createVpcEndpoint(toService("us-east-1", name, null, token));

        assertThat(again.vpcEndpointId()).isEqualTo(first.vpcEndpointId());
        assertThat(vpc().findVpcEndpoint("us-east-1", token)).map(VpcEndpoint::vpcEndpointId).contains(first.vpcEndpointId());
        assertThat(api.jdbc().sql("select count(*) from sandbox_vpc_endpoint where client_token = ?").param(token)
                .query(Integer.class).single()).isEqualTo(1);
        assertThatThrownBy(() -> vpc().createVpcEndpoint(toService("us-east-1", other, null, token)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatch"));
    }

    @Test
    void describingManyEndpointsShowsThoseThatExistAndLeavesOutTheRest() {
        String name = service("us-east-1", List.of(PLATFORM), List.of()).get("serviceName").asString();
        VpcEndpoint one = vpc().createVpcEndpoint(toService("us-east-1", name, null, UUID.randomUUID().toString()));
        VpcEndpoint two = vpc().createVpcEndpoint(toService("us-east-1", name, null, UUID.randomUUID().toString()));
        vpc().deleteVpcEndpoint("us-east-1", two.vpcEndpointId());

        List<VpcEndpoint> seen = vpc().describeVpcEndpoints("us-east-1", List.of(one.vpcEndpointId(), two.vpcEndpointId(),
                "vpce-0000000000000dead"));

        assertThat(seen).extracting(VpcEndpoint::vpcEndpointId).containsExactly(one.vpcEndpointId(), two.vpcEndpointId());
        assertThat(seen).extracting(VpcEndpoint::state).containsExactly(ConnectionState.AVAILABLE, ConnectionState.DELETED);
        assertThat(vpc().describeVpcEndpoints("eu-west-1", List.of(one.vpcEndpointId()))).as("another region").isEmpty();
    }

    @Test
    void aShareNeverSentToThePlatformIsUnknownAndOneSentIsAcceptedOnce() {
        JsonNode notShared = api.as(customer.admin()).post("/v1/sandbox/aws/resourceConfigurations", Map.of("region", "us-east-1",
                "resource", "db.internal", "sharedWith", List.of("111122223333"))).expectStatus(200).result();
        JsonNode shared = api.as(customer.admin()).post("/v1/sandbox/aws/resourceConfigurations", Map.of("region", "us-east-1",
                "resource", "db.internal", "sharedWith", List.of(PLATFORM))).expectStatus(200).result();
        String share = shared.get("resourceShareArn").asString();

        assertThatThrownBy(() -> ram().invitationsForShare("us-east-1", notShared.get("resourceShareArn").asString()))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo("UnknownResourceException");
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
                });
        assertThatThrownBy(() -> ram().invitationsForShare("eu-west-1", share)).as("RAM is regional")
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("UnknownResourceException"));
        ResourceShareInvitation invitation = ram().invitationsForShare("us-east-1", share).getFirst();
        assertThat(invitation.isPending()).isTrue();
        assertThat(invitation.senderAccountId()).isEqualTo(share.split(":")[4]);
        assertThat(ram().sharedResourceArns("us-east-1", share)).as("before the invitation is accepted").isEmpty();
        assertThatThrownBy(() -> vpc().createVpcEndpoint(new VpcEndpointRequest("us-east-1", EndpointType.RESOURCE, null, null,
                shared.get("resourceConfigurationArn").asString(), false, UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidParameter"));

        ram().acceptResourceShareInvitation("us-east-1", invitation.invitationArn());
        ram().acceptResourceShareInvitation("us-east-1", invitation.invitationArn());

        assertThat(ram().invitationsForShare("us-east-1", share).getFirst().isAccepted()).isTrue();
        assertThat(ram().sharedResourceArns("us-east-1", share)).containsExactly(shared.get("resourceConfigurationArn").asString());
        assertThat(vpc().createVpcEndpoint(new VpcEndpointRequest("us-east-1", EndpointType.RESOURCE, null, null,
                shared.get("resourceConfigurationArn").asString(), false, UUID.randomUUID().toString())).vpcEndpointId()).startsWith("vpce-");
    }

    @Test
    void anMskClusterChecksItsPolicyItsAuthenticationAndItsRegion() {
        String open = cluster(List.of("SASL_IAM"), List.of(PLATFORM));
        String closed = cluster(List.of("SASL_IAM"), List.of("111122223333"));
        String token = UUID.randomUUID().toString();

        assertThatThrownBy(() -> msk().createMskVpcConnection("us-east-1", closed, "SASL_IAM", UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("ForbiddenException"));
        assertThatThrownBy(() -> msk().createMskVpcConnection("us-east-1", open, "SASL_SCRAM", UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo("BadRequestException");
                    assertThat(MskVpcConnections.isSubnetFull(e)).isFalse();
                });
        assertThatThrownBy(() -> msk().createMskVpcConnection("eu-west-1", open, "SASL_IAM", UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND));

        MskVpcConnection created = msk().createMskVpcConnection("us-east-1", open, "SASL_IAM", token);
        MskVpcConnection again = msk().createMskVpcConnection("us-east-1", open, "SASL_IAM", token);

        assertThat(created.cloudState()).isEqualTo("CREATING");
        assertThat(again.vpcConnectionArn()).isEqualTo(created.vpcConnectionArn());
        assertThat(msk().listMskVpcConnections("us-east-1")).extracting(MskVpcConnection::vpcConnectionArn).contains(created.vpcConnectionArn());
        assertThat(msk().brokerDnsNames("us-east-1", open, "SASL_IAM")).hasSize(3);
        msk().deleteMskVpcConnection("us-east-1", created.vpcConnectionArn());
        assertThat(msk().describeMskVpcConnection("us-east-1", created.vpcConnectionArn())).isEmpty();
    }

    /** Twelve creations race for three free blocks: exactly three get one, the others fail as EC2 does. */
    @Test
    void racingCreationsNeverOverfillASubnet() throws Exception {
        String region = "me-central-1";
        SandboxAwsReverseEndpoints tight = new SandboxAwsReverseEndpoints(endpoints, targets, calls,
                settings.withSubnetCapacity(new SandboxSettings.SubnetCapacity(4096, Map.of(region, 3))), clock);
        String name = service(region, List.of(PLATFORM), List.of()).get("serviceName").asString();
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    try {
                        outcomes.add(tight.createVpcEndpoint(toService(region, name, null, UUID.randomUUID().toString())));
                    } catch (CloudException e) {
                        outcomes.add(e.code());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        }

        List<VpcEndpoint> created = outcomes.stream().filter(VpcEndpoint.class::isInstance).map(VpcEndpoint.class::cast).toList();
        assertThat(created).hasSize(3);
        assertThat(outcomes).filteredOn(String.class::isInstance).hasSize(9).containsOnly(ReverseVpcEndpoints.SUBNET_FULL);

        tight.deleteVpcEndpoint(region, created.getFirst().vpcEndpointId());
        assertThat(tight.createVpcEndpoint(toService(region, name, null, UUID.randomUUID().toString())).vpcEndpointId())
                .as("a deleted endpoint frees its blocks").startsWith("vpce-");
    }

    @Test
    void everyCallIsInTheLedgerWithItsRegionAndOutcome() {
        Instant since = clock.instant();
        String name = service("ca-central-1", List.of(PLATFORM), List.of()).get("serviceName").asString();
        VpcEndpoint created = vpc().createVpcEndpoint(toService("ca-central-1", name, null, UUID.randomUUID().toString()));
        vpc().describeVpcEndpoints("ca-central-1", List.of(created.vpcEndpointId()));
        try {
            vpc().describeEndpointServiceOffer("ca-central-1", "com.amazonaws.vpce.ca-central-1.vpce-svc-00000000000000000", null);
        } catch (CloudException expected) {
            // recorded with its code
        }

        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?region=ca-central-1&since=" + since)
                .expectStatus(200).result();

        assertThat(ledger.get("operations").findValuesAsString("operation"))
                .contains("createVpcEndpoint", "describeVpcEndpoints", "describeEndpointServiceOffer");
        assertThat(ledger.toString()).contains("InvalidServiceName");
    }

    /** The sandbox's refusals carry AWS's codes, and the kind AWS's own error table gives each code. */
    @Test
    void everyRefusalIsClassifiedAsTheAwsAdapterClassifiesItsCode() {
        String hidden = service("us-east-1", List.of("111122223333"), List.of()).get("serviceName").asString();
        String closed = cluster(List.of("SASL_IAM"), List.of("111122223333"));
        JsonNode notShared = api.as(customer.admin()).post("/v1/sandbox/aws/resourceConfigurations", Map.of("region", "us-east-1",
                "resource", "db.internal", "sharedWith", List.of("111122223333"))).expectStatus(200).result();
        List<Runnable> refused = List.of(
                () -> vpc().createVpcEndpoint(toService("us-east-1", hidden, null, UUID.randomUUID().toString())),
                () -> vpc().describeEndpointServiceOffer("us-east-1", hidden, null),
                () -> ram().invitationsForShare("us-east-1", notShared.get("resourceShareArn").asString()),
                () -> ram().acceptResourceShareInvitation("us-east-1", "arn:aws:ram:us-east-1:111122223333:resource-share-invitation/x"),
                () -> msk().createMskVpcConnection("us-east-1", closed, "SASL_IAM", UUID.randomUUID().toString()),
                () -> msk().createMskVpcConnection("us-east-1", closed, "TLS", UUID.randomUUID().toString()),
                () -> msk().createMskVpcConnection("us-east-1", "arn:aws:kafka:us-east-1:1:cluster/none/x", "SASL_IAM",
                        UUID.randomUUID().toString()));

        for (Runnable call : refused) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(CloudException.class, e ->
                    assertThat(e.kind()).as(e.code()).isEqualTo(dev.privatelink.cloud.aws.AwsErrors.kindOf(e.code(), 400, false)));
        }
    }

    private String cluster(List<String> authentication, List<String> principals) {
        return api.as(customer.admin()).post("/v1/sandbox/aws/mskClusters", Map.of("region", "us-east-1", "name", "orders",
                "authentication", authentication, "allowedPrincipals", principals)).expectStatus(200).result().get("clusterArn").asString();
    }
}
