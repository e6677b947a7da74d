package dev.privatelink.organization;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
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
     * One registered endpoint as the organization shows it (ClickHouse Cloud's {@code OrganizationPrivateEndpoint},
     * the same shape as its {@code InstancePrivateEndpoint}); {@code registrationId} is stable and slash-free,
     * for the paths of an Azure endpoint registered by its resource id.
     *
     * @param status the registration's status in the API's words (the endpoint module's statuses)
     */
    @Schema(name = "OrganizationPrivateEndpoint", description = "A private endpoint registered with the organization.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrganizationEndpoint(
            @Schema(example = "aws") CloudProvider cloudProvider,
            @Schema(description = "The endpoint's id: vpce-… (AWS), the private endpoint's resourceGuid or resource id (Azure)",
                    example = "vpce-0a1b2c3d4e5f6a7b8") String id,
            @Schema(description = "Extension: a stable, slash-free id of the registration") UUID registrationId,
            @Schema(example = "my VPC") String description,
            @Schema(example = "us-west-2") String region,
            @Schema(description = "Extension: where the registration stands", allowableValues = {"Provisioning",
                    "WaitingForConnection", "PendingAcceptance", "Ready", "Rejected", "Failed", "Expired", "Deleting"})
            String status) {
    }
}
