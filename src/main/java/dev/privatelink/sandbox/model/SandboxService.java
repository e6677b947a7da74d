package dev.privatelink.sandbox.model;

import java.time.Instant;
import java.util.Set;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;

/**
 * One of the platform's endpoint services in the sandbox: an AWS VPC endpoint service or an Azure
 * Private Link Service. Its time-dependent states are derived from timestamps, never from a thread.
 */
public record SandboxService(
        String serviceId,
        CloudProvider provider,
        String account,
        String region,
        String serviceName,
        String state,
        Set<String> supportedRegions,
        String privateDnsName,
        String verificationName,
        String verificationValue,
        String verificationOutcome,
        Instant verificationDueAt,
        String idempotencyToken,
        Instant createdAt) {

    public static final String AWS_AVAILABLE = "Available";
    public static final String AZURE_SUCCEEDED = "Succeeded";

    /** The cloud's word for the service now: AWS Pending → Available, Azure Updating → Succeeded. */
    String cloudState(Instant now, SandboxSettings.Latency latency) {
        if (now.isBefore(createdAt.plus(latency.serviceCreate()))) {
            return provider == CloudProvider.AWS ? "Pending" : "Updating";
        }
        return state;
    }

    /** AWS {@code pendingVerification | verified | failed}; {@code null} without a private DNS name. */
    String dnsVerificationState(Instant now) {
        if (privateDnsName == null) {
            return null;
        }
        if (verificationOutcome == null || now.isBefore(verificationDueAt)) {
            return "pendingVerification";
        }
        return verificationOutcome;
    }

    /** Whether an AWS consumer in {@code consumerRegion} may connect (same region, or listed as supported). */
    public boolean acceptsConsumersFrom(String consumerRegion) {
        return provider == CloudProvider.AZURE || region.equals(consumerRegion) || supportedRegions.contains(consumerRegion);
    }

    EndpointServiceRef ref() {
        return new EndpointServiceRef(provider, account, region, serviceId);
    }

    public EndpointServiceDescription describe(Instant now, SandboxSettings.Latency latency) {
        String cloudState = cloudState(now, latency);
        Set<String> regions = provider == CloudProvider.AWS ? Set.copyOf(supportedRegions) : Set.of();
        return new EndpointServiceDescription(ref(), serviceName, cloudState, cloudState.equals(state), regions,
                privateDnsName, dnsVerificationState(now));
    }
}
