package dev.privatelink.cloud;

import java.util.List;

/**
 * The platform's DNS zones (AWS Route 53 public zone for verification records; Azure Private DNS
 * zones for private endpoints). UPSERT and DELETE are idempotent.
 */
public interface DnsRecords {

    CloudProvider provider();

    /**
     * Creates or replaces a record set.
     *
     * @param zoneId the zone; {@code null} means the platform's public zone configured for the backend
     *               (AWS: {@code privatelink.clouds.aws.route53-public-zone-id})
     * @return a change id to follow with {@link #isChangeApplied(String)}; Azure applies at once and returns {@code null}
     */
    String upsert(String zoneId, String name, String type, long ttlSeconds, List<String> values);

    /** Deletes a record set; deleting one that is gone is not an error. */
    String delete(String zoneId, String name, String type, long ttlSeconds, List<String> values);

    /** Whether a change returned by {@link #upsert} has reached every name server (Route 53 {@code INSYNC}). */
    boolean isChangeApplied(String changeId);
}
