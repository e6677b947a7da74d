package dev.privatelink.events.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event outbox ({@code privatelink.events.*}); the registry itself is Spring Modulith's
 * ({@code spring.modulith.events.*}).
 *
 * @param listenerThreads            how many recorded changes become CloudEvents at once per replica; bounded,
 *                                   so that a burst of changes never takes the API's database connections
 * @param resubmitEvery              how often publications whose listener failed or never finished (a replica
 *                                   died) are handed to their listener again
 * @param resubmitAfter              how old such a publication must be (younger ones may still be running)
 * @param keepCompletedPublications  how long finished publications stay in {@code event_publication}
 * @param broker                     the optional bridge to a message broker
 */
@ConfigurationProperties("privatelink.events")
public record EventSettings(
        @DefaultValue("4") int listenerThreads,
        @DefaultValue("30s") Duration resubmitEvery,
        @DefaultValue("1m") Duration resubmitAfter,
        @DefaultValue("1d") Duration keepCompletedPublications,
        @DefaultValue Broker broker) {

    /**
     * @param enabled whether CloudEvents also go to a message broker (Spring Modulith event externalization; Kafka)
     * @param topic   where they go; the key is the event's subject, so each resource's changes share a partition
     */
    public record Broker(@DefaultValue("false") boolean enabled, @DefaultValue("privatelink-events") String topic) {
    }
}
