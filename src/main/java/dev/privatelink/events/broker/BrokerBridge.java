package dev.privatelink.events.broker;

import java.util.Map;

import dev.privatelink.events.cloudevent.CloudEventFormat;
import dev.privatelink.events.cloudevent.ResourceEvent;
import dev.privatelink.events.outbox.EventSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optional bridge to a message broker ({@code privatelink.events.broker.enabled}, off by default):
 * every CloudEvent also goes to a Kafka topic through Spring Modulith's event externalization, which
 * stores it in the event publication registry with the change's recording and sends it after the commit
 * (again after a crash: at least once). The message is the CloudEvent in structured JSON (header
 * {@code content-type: application/cloudevents+json}), keyed by its subject, so that each resource's
 * changes land on one partition in order.
 */
@Component
public class BrokerBridge {

    /** The message handed to the externalization; sent as the CloudEvent it holds. */
    public record BrokerMessage(String subject, String cloudEvent) {
    }

    private final ApplicationEventPublisher events;
    private final boolean enabled;

    BrokerBridge(ApplicationEventPublisher events, EventSettings settings) {
        this.events = events;
        this.enabled = settings.broker().enabled();
    }

    /** In the transaction that records the event. */
    public void publish(ResourceEvent event, String cloudEvent) {
        if (enabled) {
            events.publishEvent(new BrokerMessage(event.subject(), cloudEvent));
        }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "privatelink.events.broker.enabled", havingValue = "true")
    static class Externalization {

        // created early, with the event listener infrastructure: it must not pull in the application's JSON mapper
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Bean
        EventExternalizationConfiguration privatelinkEventExternalization(EventSettings settings) {
            return EventExternalizationConfiguration.externalizing()
                    .selectByType(BrokerMessage.class)
                    .mapping(BrokerMessage.class, message -> JSON.readTree(message.cloudEvent()))
                    .headers(message -> Map.of("content-type", CloudEventFormat.CONTENT_TYPE))
                    .routeAll(message -> RoutingTarget.forTarget(settings.broker().topic())
                            .andKey(((BrokerMessage) message).subject()))
                    .build();
        }
    }
}
