package dev.privatelink.endpointservice.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi.Credentials;
import dev.privatelink.support.TestApi;
import dev.privatelink.workflow.Workflows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An operator enrolls an existing AWS endpoint service: once verified, it is offered to the cross-region source regions. */
@IntegrationTest
class ConsumerRegionOffersIntegrationTests {

    static final String REGION = "ap-northeast-1";
    static final String PATH = "/v1/operator/endpointServices";

    @Autowired
    TestApi api;
    @Autowired
    CloudBackends clouds;
    @Autowired
    Workflows workflows;

    @Test
    void aVerifiedServiceSupportsEveryCrossRegionSourceAddedInOneCall() {
        Instant before = Instant.now();
        String cloudId = clouds.endpointServiceCreation(CloudProvider.AWS).orElseThrow()
                .createEndpointService(null, REGION, UUID.randomUUID().toString()).ref().cloudResourceId();
        EndpointServiceRef ref = new EndpointServiceRef(CloudProvider.AWS, null, REGION, cloudId);
        assertThat(clouds.endpointServices(CloudProvider.AWS).describeEndpointService(ref).supportedRegions()).containsExactly(REGION);

        String id = api.as(Credentials.DEV_OPERATOR).post(PATH, Map.of("provider", "aws", "region", REGION,
                "cloudResourceId", cloudId)).expectStatus(200).result().get("id").asString();

        Set<String> expected = new TreeSet<>(CloudRegions.crossRegionSources(CloudProvider.AWS, REGION));
        expected.add(REGION);
        JsonNode offered = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.as(Credentials.DEV_OPERATOR).get(PATH + "/" + id).expectStatus(200).result(),
                        s -> s.get("supportedRegions").size() == expected.size());
        assertThat(offered.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(offered.get("supportedRegions").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(clouds.endpointServices(CloudProvider.AWS).describeEndpointService(ref).supportedRegions())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(workflows.findLatestFor(ConsumerRegionOffers.NAME, UUID.fromString(id)).orElseThrow().status().name())
                .isEqualTo("SUCCEEDED");

        JsonNode ledger = api.as(Credentials.DEV_OPERATOR).get("/v1/sandbox/ledger?since=" + before + "&region=" + REGION)
                .expectStatus(200).result();
        List<JsonNode> adds = ledger.get("operations").valueStream()
                .filter(o -> "allowConsumerRegions".equals(o.get("operation").asString()))
                .toList();
        assertThat(adds).singleElement().satisfies(o -> assertThat(o.get("calls").asLong()).isEqualTo(1));
    }
}
