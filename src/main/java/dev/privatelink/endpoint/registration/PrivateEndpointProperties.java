package dev.privatelink.endpoint.registration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of inbound private endpoints ({@code privatelink.endpoints.*}).
 *
 * @param baseDomain          the platform's DNS domain under which private hostnames are published
 * @param connectionDeadline  how long a registration waits for its endpoint to connect before it expires
 * @param firstCheckDelay     first re-check of a registration whose connection is not there yet
 * @param maxCheckDelay       the longest pause between re-checks (the backoff doubles up to it)
 * @param connectionListWindow how long one listing of an endpoint service's connections serves every
 *                            registration waiting on it (batched polling)
 * @param maxWait             the longest {@code timeout} a reader may wait for a status ({@code ?waitFor=Ready&timeout=30s})
 * @param waitRecheck         how often waiting readers look for changes another replica made (changes on this
 *                            replica wake them at once)
 * @param reconciliationInterval how often every settled registration is compared with the cloud (the
 *                            reconciliation sweep: one connection listing per endpoint service)
 */
@ConfigurationProperties("privatelink.endpoints")
public record PrivateEndpointProperties(
        @DefaultValue("privatelink.example.cloud") String baseDomain,
        @DefaultValue("7d") Duration connectionDeadline,
        @DefaultValue("1s") Duration firstCheckDelay,
        @DefaultValue("5m") Duration maxCheckDelay,
        @DefaultValue("500ms") Duration connectionListWindow,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("1s") Duration waitRecheck,
        @DefaultValue("5m") Duration reconciliationInterval) {
}
