package dev.privatelink.cloud.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.azure.resourcemanager.privatedns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.privatedns.models.ARecord;
import com.azure.resourcemanager.privatedns.models.RecordType;
import com.azure.resourcemanager.privatedns.models.TxtRecord;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import org.springframework.util.StringUtils;

/**
 * A and TXT record sets in the platform's Azure Private DNS zones. A zone is given by its resource id,
 * or by its name in the configured {@code private-dns} subscription and resource group. Azure applies
 * a change when the request returns: there is no change id to follow.
 */
public class AzurePrivateDnsRecords implements DnsRecords {

    /** Private DNS is a global service: its rate budget is the subscription's, whatever the region. */
    static final String GLOBAL = "global";

    /** DNS caps one character-string at 255 bytes; longer TXT values are split into several strings. */
    private static final int TXT_STRING_MAX = 255;

    private final AzureCloudProperties properties;
    private final AzureSubscriptions subscriptions;
    private final CloudCallGuard guard;
    private final AzureErrors errors;

    public AzurePrivateDnsRecords(AzureCloudProperties properties, AzureSubscriptions subscriptions,
                                  CloudCallGuard guard, AzureErrors errors) {
        this.properties = properties;
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.errors = errors;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AZURE;
    }

    /** Creates or replaces the record set; returns {@code null}: Azure has applied it already. */
    @Override
    public String upsert(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        Zone zone = zone(zoneId);
        RecordType recordType = recordType(type);
        String relativeName = relativeName(name, zone.name());
        RecordSetInner recordSet = recordSet(recordType, ttlSeconds, values);
        guard.call(zone.site(ApiClass.AZURE_ARM_WRITE, "RecordSets_CreateOrUpdate"),
                () -> subscriptions.recordSets(zone.subscriptionId())
                        .createOrUpdate(zone.resourceGroup(), zone.name(), recordType, relativeName, recordSet),
                errors);
        return null;
    }

    /** Deletes the record set (all its values); a record set or zone that is gone is not an error. */
    @Override
    public String delete(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        Zone zone = zone(zoneId);
        RecordType recordType = recordType(type);
        String relativeName = relativeName(name, zone.name());
        try {
            guard.run(zone.site(ApiClass.AZURE_ARM_WRITE, "RecordSets_Delete"),
                    () -> subscriptions.recordSets(zone.subscriptionId())
                            .delete(zone.resourceGroup(), zone.name(), recordType, relativeName),
                    errors);
        } catch (CloudException e) {
            if (e.kind() != CloudErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        return null;
    }

    @Override
    public boolean isChangeApplied(String changeId) {
        return true;
    }

    private static RecordSetInner recordSet(RecordType type, long ttlSeconds, List<String> values) {
        RecordSetInner recordSet = new RecordSetInner().withTtl(ttlSeconds);
        if (type.equals(RecordType.A)) {
            return recordSet.withARecords(values.stream().map(ip -> new ARecord().withIpv4Address(ip)).toList());
        }
        return recordSet.withTxtRecords(values.stream().map(v -> new TxtRecord().withValue(txtStrings(v))).toList());
    }

    /** One TXT value as DNS character-strings, without the quotes Route 53 style values carry. */
    static List<String> txtStrings(String value) {
        String unquoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < unquoted.length(); start += TXT_STRING_MAX) {
            strings.add(unquoted.substring(start, Math.min(unquoted.length(), start + TXT_STRING_MAX)));
        }
        return strings.isEmpty() ? List.of("") : strings;
    }

    private static RecordType recordType(String type) {
        return switch (type == null ? "" : type.toUpperCase(Locale.ROOT)) {
            case "A" -> RecordType.A;
            case "TXT" -> RecordType.TXT;
            default -> throw new IllegalArgumentException("Azure Private DNS records here are A or TXT, not '" + type + "'");
        };
    }

    /** Azure addresses a record set relative to its zone: {@code abc} in {@code example.com}, {@code @} for the apex. */
    static String relativeName(String name, String zoneName) {
        String fqdn = stripDot(name).toLowerCase(Locale.ROOT);
        String zone = stripDot(zoneName).toLowerCase(Locale.ROOT);
        if (fqdn.equals(zone) || fqdn.equals("@")) {
            return "@";
        }
        return fqdn.endsWith("." + zone) ? fqdn.substring(0, fqdn.length() - zone.length() - 1) : fqdn;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    Zone zone(String zoneId) {
        if (!StringUtils.hasText(zoneId)) {
            throw invalidZone("no zone given");
        }
        if (zoneId.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length())) {
            ResourceId parsed;
            try {
                parsed = ResourceId.fromString(zoneId);
            } catch (RuntimeException e) {
                throw invalidZone("'" + zoneId + "' is not an Azure resource id");
            }
            if (!"privateDnsZones".equalsIgnoreCase(parsed.resourceType())) {
                throw invalidZone("'" + zoneId + "' is not a Private DNS zone (Microsoft.Network/privateDnsZones)");
            }
            return new Zone(parsed.subscriptionId(), parsed.resourceGroupName(), parsed.name());
        }
        String subscription = properties.privateDnsSubscription();
        String resourceGroup = properties.privateDns().resourceGroup();
        if (!StringUtils.hasText(subscription) || !StringUtils.hasText(resourceGroup)) {
            throw invalidZone("zone '" + zoneId + "' is a bare name and privatelink.clouds.azure.private-dns has no "
                    + "subscription and resource-group to find it in");
        }
        return new Zone(subscription, resourceGroup, zoneId);
    }

    private static CloudException invalidZone(String why) {
        return new CloudException(CloudProvider.AZURE, "resolvePrivateDnsZone", "InvalidPrivateDnsZoneId",
                CloudErrorKind.TERMINAL, "Azure Private DNS: " + why);
    }

    record Zone(String subscriptionId, String resourceGroup, String name) {

        CallSite site(ApiClass apiClass, String operation) {
            return new CallSite(CloudProvider.AZURE, subscriptionId, GLOBAL, apiClass, operation);
        }
    }
}
