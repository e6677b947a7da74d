package dev.privatelink.events.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.privatelink.support.SeparateDatabase;
import dev.privatelink.support.TestApi;
import dev.privatelink.support.TestApi.Tenant;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message-broker bridge switched on, against a Kafka broker running in this JVM (no Docker): every
 * CloudEvent also goes to the topic, as structured CloudEvents JSON, keyed by its subject. Its own
 * context and database: the bridge is off in the shared one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "privatelink.events.broker.enabled=true",
        "privatelink.events.broker.topic=privatelink-events-test"})
@EmbeddedKafka(partitions = 1, topics = "privatelink-events-test", bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("test")
@Import(TestApi.Configuration.class)
@DirtiesContext
class KafkaBridgeIntegrationTests {

    static final EmbeddedPostgres DATABASE = SeparateDatabase.start();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SeparateDatabase.register(registry, DATABASE);
    }

    @Autowired
    TestApi api;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void everyCloudEventAlsoGoesToTheTopicKeyedByItsSubject() {
        Tenant tenant = api.newTenant("SCALE");
        String serviceId = api.as(tenant.admin()).post(tenant.path() + "/services", Map.of("name", "analytics",
                "provider", "aws", "region", "us-west-2", "tier", "production")).expectStatus(200).result().get("service").get("id").asString();
        Map<String, Object> properties = KafkaTestUtils.consumerProps(broker, "bridge-test", true);
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer()).createConsumer()) {
            broker.consumeFromAnEmbeddedTopic(consumer, "privatelink-events-test");

            api.as(tenant.admin()).patch(tenant.path() + "/services/" + serviceId,
                    Map.of("privateEndpointIds", Map.of("add", List.of("vpce-0123456789abcdef0")))).expectStatus(200);

            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            String subject = "services/" + serviceId + "/privateEndpointIds";
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500)).forEach(records::add);
                return records.stream().anyMatch(r -> subject.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> message = records.stream().filter(r -> subject.equals(r.key())).findFirst().orElseThrow();
            CloudEvent event = new JsonFormat().deserialize(message.value());
            assertThat(event.getType()).isEqualTo("privatelink.allowlist.changed");
            assertThat(event.getSubject()).isEqualTo(subject);
            assertThat(event.getSource().toString()).isEqualTo("/v1/organizations/" + tenant.orgId());
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).contains("vpce-0123456789abcdef0");
            assertThat(message.headers().lastHeader("content-type")).as("headers %s", message.headers()).isNotNull();
            assertThat(new String(message.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .contains("application/cloudevents+json");
            assertThat(records.stream().filter(r -> r.key() != null && r.key().startsWith("privateEndpoints/")))
                    .as("the registration the change made is announced too").isNotEmpty();
        }
    }
}
