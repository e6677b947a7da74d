package dev.privatelink.reverseendpoint.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of reverse private endpoints ({@code privatelink.reverse-endpoints.*}).
 *
 * @param accountId          the platform's AWS account: what customers allow on their endpoint service, in their
 *                           RAM share and in their MSK cluster policy (the seed's ClickPipes account by default)
 * @param principalArn       the IAM principal the platform acts as; {@code arn:aws:iam::<accountId>:root} when unset
 * @param supportedRegions   the AWS regions with a platform VPC for reverse endpoints (ClickPipes regions)
 * @param platformRegions    service region → the platform region whose VPC serves it; a region not listed is
 *                           served by its own VPC
 * @param acceptanceDeadline how long a connection may wait for the endpoint service owner's acceptance (or take
 *                           to come up) before the endpoint is {@code Expired}
 * @param observationWindow  how far apart the describes of a busy region start: each serves every endpoint parked there
 * @param firstCheckDelay    first re-check of an endpoint that is not ready yet
 * @param maxCheckDelay      the longest pause between re-checks (the pause grows with the time waited)
 * @param visibilityGrace    how long a just-created endpoint may be missing from a describe (eventual
 *                           consistency) before it counts as deleted
 * @param driftCheckInterval how often Ready endpoints are compared with what the cloud says
 */
@ConfigurationProperties("privatelink.reverse-endpoints")
public record ReverseEndpointProperties(
        @DefaultValue("072088201116") String accountId,
        String principalArn,
        @DefaultValue({"us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
                "il-central-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2"})
        List<String> supportedRegions,
        Map<String, String> platformRegions,
        @DefaultValue("7d") Duration acceptanceDeadline,
        @DefaultValue("500ms") Duration observationWindow,
        @DefaultValue("1s") Duration firstCheckDelay,
        @DefaultValue("30s") Duration maxCheckDelay,
        @DefaultValue("30s") Duration visibilityGrace,
        @DefaultValue("5m") Duration driftCheckInterval) {

    public ReverseEndpointProperties {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("privatelink.reverse-endpoints.account-id must be a 12-digit AWS account id, got '"
                    + accountId + "'");
        }
        principalArn = principalArn == null || principalArn.isBlank() ? "arn:aws:iam::" + accountId + ":root" : principalArn.strip();
        supportedRegions = List.copyOf(supportedRegions);
        platformRegions = platformRegions == null ? Map.of() : Map.copyOf(platformRegions);
    }

    /** The platform region whose VPC serves a service in {@code serviceRegion}. */
    public String platformRegion(String serviceRegion) {
        return platformRegions.getOrDefault(serviceRegion, serviceRegion);
    }

    public boolean supports(String platformRegion) {
        return supportedRegions.contains(platformRegion);
    }
}
