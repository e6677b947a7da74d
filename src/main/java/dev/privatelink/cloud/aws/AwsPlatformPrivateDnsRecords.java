package dev.privatelink.cloud.aws;

import java.util.List;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.PlatformPrivateDnsRecords;

/**
 * Custom private DNS names of reverse endpoints as CNAME records in the Route 53 private hosted zone
 * of the platform's VPC in each region ({@code privatelink.clouds.aws.regions.<region>.reverse-endpoints.private-hosted-zone-id}).
 * Route 53 is the same API for public and private zones: the records go through {@link AwsDnsRecords}.
 */
public class AwsPlatformPrivateDnsRecords implements PlatformPrivateDnsRecords {

    /** Short enough that a repointed name takes effect quickly for the pipes. */
    static final long TTL_SECONDS = 60;

    private final AwsDnsRecords records;
    private final AwsCloudProperties settings;

    public AwsPlatformPrivateDnsRecords(AwsDnsRecords records, AwsCloudProperties settings) {
        this.records = records;
        this.settings = settings;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    public String upsertRecord(String region, String name, String target) {
        return records.upsert(zone(region, "upsertRecord"), name, "CNAME", TTL_SECONDS, List.of(target));
    }

    @Override
    public String deleteRecord(String region, String name, String target) {
        return records.delete(zone(region, "deleteRecord"), name, "CNAME", TTL_SECONDS, List.of(target));
    }

    @Override
    public boolean isChangeApplied(String changeId) {
        return records.isChangeApplied(changeId);
    }

    private String zone(String region, String operation) {
        String zone = settings.reverseEndpointNetwork(region).privateHostedZoneId();
        if (zone == null || zone.isBlank()) {
            throw new CloudException(CloudProvider.AWS, operation, "NoHostedZone", CloudErrorKind.TERMINAL,
                    "privatelink.clouds.aws.regions." + region + ".reverse-endpoints.private-hosted-zone-id is not configured");
        }
        return zone;
    }
}
