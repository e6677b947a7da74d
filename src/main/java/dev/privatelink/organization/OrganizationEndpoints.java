package dev.privatelink.organization;

import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The private endpoints registered with an organization, as the organization API shows and changes
 * them ({@code privateEndpoints} on GET and PATCH). Implemented by the endpoint module, which owns
 * registrations: the organization module asks through this interface and knows nothing more of them.
 */
public interface OrganizationEndpoints {

    /**
     * Applies a {@code privateEndpoints} change: removals first, then additions. Runs in the caller's
     * transaction, which holds the organization's row lock.
     *
     * @return whether anything changed
     * @throws dev.privatelink.web.ApiException 4xx naming the offending item when the change is refused
     *                                          (nothing is changed then)
     */
    boolean change(Organization organization, List<Removal> removals, List<Addition> additions);

    /** The organization's registrations, oldest first. */
    List<OrganizationEndpoint> of(UUID organizationId);

    /** An endpoint to register, as in {@code privateEndpoints.add[]}. */
    record Addition(CloudProvider cloudProvider, String id, String description, String region) {
    }

    /** An endpoint to remove, as in {@code privateEndpoints.remove[]}. */
    record Removal(CloudProvider cloudProvider, String id, String region) {
    }

    /**
     * One registered endpoint as the organization shows it; {@code registrationId} is stable and slash-free,
     * for the paths of an Azure endpoint registered by its resource id.
     *
     * @param status the registration's status in the API's words (the endpoint module's statuses)
     */
    record OrganizationEndpoint(CloudProvider cloudProvider, String id, UUID registrationId, String description,
                                String region,
                                @Schema(allowableValues = {"Provisioning", "WaitingForConnection", "PendingAcceptance", "Ready",
                                        "Rejected", "Failed", "Expired", "Deleting"}) String status) {
    }
}
