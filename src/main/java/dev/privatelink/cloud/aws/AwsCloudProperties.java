package dev.privatelink.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the AWS adapter ({@code privatelink.clouds.aws.*}). Off by default: the sandbox cloud
 * serves AWS unless {@code enabled} is true.
 *
 * @param enabled                 whether the real AWS adapter serves AWS
 * @param defaultAccount          account used when a call names none (reverse endpoints, Route 53)
 * @param accounts                account id → how to reach it; an account without a role uses the
 *                                default credential chain directly
 * @param regions                 region → the platform's resources there
 * @param route53PublicZoneId     the public hosted zone that holds private-DNS verification records
 * @param apiCallTimeout          the longest one SDK call may take, all attempts included
 * @param apiCallAttemptTimeout   the longest one HTTP attempt may take
 * @param endpointOverride        send every service's requests here (tests against a stub); static
 *                                test credentials are used then
 */
@ConfigurationProperties("privatelink.clouds.aws")
public record AwsCloudProperties(
        boolean enabled,
        String defaultAccount,
        Map<String, Account> accounts,
        Map<String, RegionSettings> regions,
        String route53PublicZoneId,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        URI endpointOverride) {

    public AwsCloudProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        apiCallAttemptTimeout = apiCallAttemptTimeout == null ? Duration.ofSeconds(5) : apiCallAttemptTimeout;
        apiCallTimeout = apiCallTimeout == null ? Duration.ofSeconds(10) : apiCallTimeout;
        if (apiCallTimeout.compareTo(apiCallAttemptTimeout) < 0) {
            throw new IllegalArgumentException("privatelink.clouds.aws.api-call-timeout (" + apiCallTimeout
                    + ") must not be shorter than api-call-attempt-timeout (" + apiCallAttemptTimeout + ")");
        }
        if (defaultAccount == null && accounts.size() == 1) {
            defaultAccount = accounts.keySet().iterator().next();
        }
    }

    /**
     * @param roleArn    role to assume in that account (STS AssumeRole); empty = use the default chain as is
     * @param externalId external id the role's trust policy asks for, if any
     */
    public record Account(String roleArn, String externalId) {
    }

    /**
     * @param endpointServiceIds the platform's existing VPC endpoint services ({@code vpce-svc-…}) in the region
     * @param reverseEndpoints   where reverse endpoints are created in the region
     */
    public record RegionSettings(List<String> endpointServiceIds, ReverseEndpointNetwork reverseEndpoints) {

        public RegionSettings {
            endpointServiceIds = endpointServiceIds == null ? List.of() : List.copyOf(endpointServiceIds);
        }
    }

    /**
     * @param vpcId               the platform's VPC that reverse endpoints live in
     * @param subnetIds           its subnets (one per availability zone), each needing a free /28 per endpoint
     * @param securityGroupIds    security groups attached to the endpoints and MSK connections
     * @param privateHostedZoneId the Route 53 private hosted zone associated with that VPC, where the
     *                            custom private DNS names of reverse endpoints go
     */
    public record ReverseEndpointNetwork(String vpcId, List<String> subnetIds, List<String> securityGroupIds,
                                         String privateHostedZoneId) {

        public ReverseEndpointNetwork {
            subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        }
    }

    /** The account a call is made in: the one named, else the default (may be {@code null}: whatever the chain gives). */
    public String accountOrDefault(String account) {
        return account == null || account.isBlank() ? defaultAccount : account;
    }

    public Optional<String> roleArn(String account) {
        return Optional.ofNullable(account).map(accounts::get).map(Account::roleArn).filter(arn -> !arn.isBlank());
    }

    /** Where reverse endpoints go in a region; a configuration error when the region has none. */
    public ReverseEndpointNetwork reverseEndpointNetwork(String region) {
        RegionSettings settings = regions.get(region);
        if (settings == null || settings.reverseEndpoints() == null || settings.reverseEndpoints().vpcId() == null) {
            throw new IllegalStateException("privatelink.clouds.aws.regions." + region
                    + ".reverse-endpoints.vpc-id is not configured");
        }
        return settings.reverseEndpoints();
    }
}
