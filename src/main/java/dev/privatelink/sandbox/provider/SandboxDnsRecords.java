package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxDnsZones;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxSettings;

/**
 * The sandbox's DNS for one provider: Route 53 style for AWS (changes are {@code PENDING} for the
 * configured latency, then {@code INSYNC}), Azure Private DNS style (applied at once, no change id).
 * The AWS endpoint services read these zones to verify private DNS names.
 */
public class SandboxDnsRecords implements DnsRecords {

    /** The zone a call naming none means, like the AWS adapter's configured public zone. */
    public static final String PLATFORM_ZONE = "sandbox-platform-public-zone";

    private final CloudProvider provider;
    private final SandboxDnsZones zones;
    private final SandboxCalls calls;
    private final SandboxSettings settings;
    private final Clock clock;

    SandboxDnsRecords(CloudProvider provider, SandboxDnsZones zones, SandboxCalls calls, SandboxSettings settings,
                      Clock clock) {
        this.provider = provider;
        this.zones = zones;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public CloudProvider provider() {
        return provider;
    }

    @Override
    public String upsert(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        return calls.call(provider, "upsertDnsRecord", null, () -> {
            requireRecord(orPlatformZone(zoneId), name, type, "upsertDnsRecord");
            if (values == null || values.isEmpty()) {
                throw invalid("upsertDnsRecord", "a record set needs at least one value");
            }
            zones.upsert(provider, orPlatformZone(zoneId), name, type, ttlSeconds, values, clock.instant());
            return change();
        });
    }

    @Override
    public String delete(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        return calls.call(provider, "deleteDnsRecord", null, () -> {
            requireRecord(orPlatformZone(zoneId), name, type, "deleteDnsRecord");
            zones.delete(provider, orPlatformZone(zoneId), name, type);
            return change();
        });
    }

    @Override
    public boolean isChangeApplied(String changeId) {
        return calls.call(provider, "getDnsChange", null, () -> {
            if (changeId == null) {
                return true; // Azure applies at once and has no change ids
            }
            return zones.changeSubmittedAt(changeId)
                    .map(at -> !clock.instant().isBefore(at.plus(settings.latency().dnsChange())))
                    .orElseThrow(() -> new CloudException(provider, "getDnsChange", "NoSuchChange", CloudErrorKind.NOT_FOUND,
                            "A change with the specified change ID does not exist: " + changeId));
        });
    }

    private static String orPlatformZone(String zoneId) {
        return zoneId == null || zoneId.isBlank() ? PLATFORM_ZONE : zoneId;
    }

    private String change() {
        if (provider == CloudProvider.AZURE) {
            return null;
        }
        String changeId = SandboxIds.dnsChangeId();
        zones.recordChange(changeId, provider, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return changeId;
    }

    private void requireRecord(String zoneId, String name, String type, String operation) {
        if (zoneId == null || zoneId.isBlank() || name == null || name.isBlank() || type == null || type.isBlank()) {
            throw invalid(operation, "zoneId, name and type are required");
        }
    }

    private CloudException invalid(String operation, String message) {
        return new CloudException(provider, operation, provider == CloudProvider.AWS ? "InvalidInput" : "BadRequest",
                CloudErrorKind.TERMINAL, message);
    }
}
