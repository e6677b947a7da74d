package dev.privatelink.events.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of webhook deliveries ({@code privatelink.webhooks.*}).
 *
 * @param allowHttp          whether plain {@code http://} URLs are accepted; unset: only on the embedded default
 * @param allowedNetworks    CIDR blocks a webhook may reach although they are loopback, private or link-local
 *                           (e.g. {@code 10.20.0.0/16} for an internal receiver); unset: loopback
 *                           ({@code 127.0.0.0/8}, {@code ::1/128}) on the embedded default, none otherwise
 * @param checkReachability  whether a new subscription's URL must accept a TCP connection
 * @param connectTimeout     connecting to a receiver
 * @param responseTimeout    waiting for its answer
 * @param firstRetry         the pause after a first failed attempt; it doubles (with jitter) per attempt
 * @param maxRetryDelay      the longest pause between attempts
 * @param retryFor           how long a delivery is retried before it is given up (FAILED; redeliver restarts it)
 * @param disableAfter       a subscription whose deliveries have failed without a success for this long is disabled
 * @param maxSubscriptions   subscriptions per organization
 * @param threads            deliveries in flight at once per replica (each on a virtual thread)
 * @param pollingInterval    how often a replica looks for deliveries due (this replica's own are started at once)
 * @param sweepInterval      how often a lane whose wake-up was lost is found and restarted
 * @param orderGapWait       how long a change waits for the previous change of its resource to be recorded
 * @param keep               how long delivered and failed deliveries, and sent events, are kept
 */
@ConfigurationProperties("privatelink.webhooks")
public record WebhookSettings(
        Boolean allowHttp,
        List<String> allowedNetworks,
        @DefaultValue("true") boolean checkReachability,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("1s") Duration firstRetry,
        @DefaultValue("10m") Duration maxRetryDelay,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("72h") Duration disableAfter,
        @DefaultValue("20") int maxSubscriptions,
        @DefaultValue("32") int threads,
        @DefaultValue("1s") Duration pollingInterval,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("2m") Duration orderGapWait,
        @DefaultValue("30d") Duration keep) {
}
