package dev.privatelink.endpointservice;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the verification of an endpoint service's private DNS name stands, in AWS's words. */
public enum PrivateDnsVerificationState {
    /** Set on the service; the TXT record is being published or AWS has not checked it yet. */
    @JsonProperty("pendingVerification")
    PENDING_VERIFICATION,
    /** AWS found the TXT record: consumers' endpoints may use the private DNS name. */
    @JsonProperty("verified")
    VERIFIED,
    /** AWS could not verify the domain, or verification did not finish in time. */
    @JsonProperty("failed")
    FAILED
}
