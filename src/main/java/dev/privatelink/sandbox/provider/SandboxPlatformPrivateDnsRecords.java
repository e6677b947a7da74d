package dev.privatelink.sandbox.provider;

import java.util.List;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.PlatformPrivateDnsRecords;

/**
 * The private hosted zone of the platform's VPC in each region, in the sandbox: one zone per region
 * ({@value #ZONE_PREFIX}{@code <region>}) in the sandbox's Route 53, with its change latency.
 */
public class SandboxPlatformPrivateDnsRecords implements PlatformPrivateDnsRecords {

    public static final String ZONE_PREFIX = "sandbox-private-";
    static final long TTL_SECONDS = 60;

    private final SandboxDnsRecords records;

    SandboxPlatformPrivateDnsRecords(SandboxDnsRecords records) {
        this.records = records;
    }

    @Override
    public CloudProvider provider() {
        return records.provider();
    }

    @Override
    public String upsertRecord(String region, String name, String target) {
        return records.upsert(ZONE_PREFIX + region, name, "CNAME", TTL_SECONDS, List.of(target));
    }

    @Override
    public String deleteRecord(String region, String name, String target) {
        return records.delete(ZONE_PREFIX + region, name, "CNAME", TTL_SECONDS, List.of(target));
    }

    @Override
    public boolean isChangeApplied(String changeId) {
        return records.isChangeApplied(changeId);
    }
}
