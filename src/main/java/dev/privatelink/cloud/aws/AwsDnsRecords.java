package dev.privatelink.cloud.aws;

import java.util.List;
import java.util.Locale;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.cloud.resilience.ApiClass;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 records of the platform's public zone (private-DNS verification TXT records). Route 53
 * runs one change at a time per hosted zone; a second one meets {@code PriorRequestNotComplete},
 * which the guard treats as throttling.
 */
public class AwsDnsRecords implements DnsRecords {

    /** Route 53 is global; its budget is per account. */
    static final String GLOBAL = "global";

    private final AwsClients clients;
    private final CloudCallGuard guard;
    private final AwsCloudProperties settings;

    public AwsDnsRecords(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        this.clients = clients;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    public String upsert(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        return change(zoneId, ChangeAction.UPSERT, name, type, ttlSeconds, values);
    }

    @Override
    public String delete(String zoneId, String name, String type, long ttlSeconds, List<String> values) {
        try {
            return change(zoneId, ChangeAction.DELETE, name, type, ttlSeconds, values);
        } catch (CloudException e) {
            if (isMissingRecord(e)) {
                return null; // gone already: the goal of a delete
            }
            throw e;
        }
    }

    @Override
    public boolean isChangeApplied(String changeId) {
        if (changeId == null) {
            return true;
        }
        return guard.call(site("GetChange"),
                () -> clients.route53(null).getChange(r -> r.id(changeId)).changeInfo().status() == ChangeStatus.INSYNC,
                AwsErrors.INSTANCE);
    }

    private String change(String zoneId, ChangeAction action, String name, String type, long ttlSeconds, List<String> values) {
        String zone = zoneId == null || zoneId.isBlank() ? settings.route53PublicZoneId() : zoneId;
        if (zone == null || zone.isBlank()) {
            throw new CloudException(CloudProvider.AWS, "ChangeResourceRecordSets", "NoHostedZone", CloudErrorKind.TERMINAL,
                    "No hosted zone given and privatelink.clouds.aws.route53-public-zone-id is not set");
        }
        ResourceRecordSet recordSet = ResourceRecordSet.builder()
                .name(name)
                .type(type)
                .ttl(ttlSeconds)
                .resourceRecords(values.stream().map(v -> ResourceRecord.builder().value(quoted(type, v)).build()).toList())
                .build();
        return guard.call(site("ChangeResourceRecordSets"), () -> clients.route53(null).changeResourceRecordSets(r -> r
                        .hostedZoneId(zone)
                        .changeBatch(b -> b.changes(Change.builder().action(action).resourceRecordSet(recordSet).build())))
                        .changeInfo().id(),
                AwsErrors.INSTANCE).replaceFirst("^/change/", "");
    }

    /** Route 53 wants TXT values in double quotes; callers pass the bare value. */
    static String quoted(String type, String value) {
        if ("TXT".equalsIgnoreCase(type) && !value.startsWith("\"")) {
            return "\"" + value.replace("\"", "\\\"") + "\"";
        }
        return value;
    }

    /** Route 53 answers a DELETE of a record that is not there with InvalidChangeBatch "… but it was not found". */
    static boolean isMissingRecord(CloudException e) {
        return "InvalidChangeBatch".equals(e.code()) && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("not found");
    }

    private CallSite site(String operation) {
        return new CallSite(CloudProvider.AWS, settings.defaultAccount(), GLOBAL, ApiClass.AWS_ROUTE53, operation);
    }
}
