package dev.privatelink.cloud;

/**
 * Capability of clouds where an endpoint service carries a private DNS name that the cloud verifies
 * through a TXT record in the domain's public zone (AWS). Azure customers resolve Private Link
 * Services through their own Private DNS zones instead.
 */
public interface PrivateDnsNameVerification {

    CloudProvider provider();

    /** Sets the endpoint service's private DNS name and returns the TXT record that proves the platform owns the domain. */
    DomainVerification setPrivateDnsName(EndpointServiceRef ref, String privateDnsName);

    /** Asks the cloud to check the TXT record now (AWS StartVpcEndpointServicePrivateDnsVerification). */
    void startPrivateDnsVerification(EndpointServiceRef ref);

    /**
     * The TXT record the cloud wants to see before it trusts a private DNS name.
     *
     * @param recordName  full name of the TXT record, e.g. {@code _12345abc.example.com}
     * @param recordValue its value
     */
    record DomainVerification(String recordName, String recordValue) {
    }
}
