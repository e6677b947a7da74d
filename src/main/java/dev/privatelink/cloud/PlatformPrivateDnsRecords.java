package dev.privatelink.cloud;

/**
 * Records in the private hosted zone of the platform's VPC in a region: the custom private DNS names
 * of reverse endpoints, each a CNAME to the endpoint's DNS name, so that pipes in the platform's VPC
 * reach the customer's source by a name of the customer's choosing. Creating and deleting are
 * idempotent (Route 53 UPSERT; deleting a record that is gone is not an error).
 */
public interface PlatformPrivateDnsRecords {

    CloudProvider provider();

    /**
     * Points {@code name} (exact, or a leading wildcard {@code *.example.com}) at {@code target}.
     *
     * @return a change id to follow with {@link #isChangeApplied}, or {@code null} when applied at once
     */
    String upsertRecord(String region, String name, String target);

    /** Removes the record; {@code target} is the value it had. */
    String deleteRecord(String region, String name, String target);

    /** Whether a change has reached every name server (Route 53 {@code INSYNC}). */
    boolean isChangeApplied(String changeId);
}
