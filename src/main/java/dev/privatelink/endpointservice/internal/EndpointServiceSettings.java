package dev.privatelink.endpointservice.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the platform's endpoint services ({@code privatelink.endpoint-services.*}).
 *
 * @param publicDnsZoneId      the public DNS zone that holds private-DNS verification TXT records; empty
 *                             means the backend's own (AWS: {@code privatelink.clouds.aws.route53-public-zone-id};
 *                             the sandbox: its platform zone)
 * @param txtTtl               TTL of the verification TXT record
 * @param firstCheckDelay      first re-check of a DNS change or a verification that is not finished
 * @param maxCheckDelay        the longest pause between re-checks (the pause grows with the time waited)
 * @param dnsChangeDeadline    how long the TXT record may take to reach every name server
 * @param verificationDeadline how long AWS may take to verify the domain before it counts as failed
 */
@ConfigurationProperties("privatelink.endpoint-services")
public record EndpointServiceSettings(
        String publicDnsZoneId,
        @DefaultValue("300s") Duration txtTtl,
        @DefaultValue("5s") Duration firstCheckDelay,
        @DefaultValue("2m") Duration maxCheckDelay,
        @DefaultValue("30m") Duration dnsChangeDeadline,
        @DefaultValue("2h") Duration verificationDeadline) {

    public EndpointServiceSettings {
        publicDnsZoneId = publicDnsZoneId == null || publicDnsZoneId.isBlank() ? null : publicDnsZoneId.strip();
    }
}
