package dev.privatelink.cloud;

import java.util.Set;

/**
 * What the cloud says about one of the platform's endpoint services.
 *
 * @param ref                          how to address it again
 * @param serviceName                  what customers point their endpoint at: AWS service name
 *                                     ({@code com.amazonaws.vpce.us-west-2.vpce-svc-…}), Azure alias
 *                                     ({@code production-westus3-0-0.<guid>.westus3.azure.privatelinkservice})
 * @param cloudState                   the cloud's own word for its state ({@code Available}, {@code Succeeded}, …)
 * @param available                    whether it accepts connections now
 * @param supportedRegions             AWS: regions consumers may connect from (cross-region); Azure: empty, any region
 * @param privateDnsName               AWS private DNS name configured on the service, or {@code null}
 * @param privateDnsVerificationState  AWS {@code pendingVerification|verified|failed}, or {@code null}
 */
public record EndpointServiceDescription(
        EndpointServiceRef ref,
        String serviceName,
        String cloudState,
        boolean available,
        Set<String> supportedRegions,
        String privateDnsName,
        String privateDnsVerificationState) {
}
