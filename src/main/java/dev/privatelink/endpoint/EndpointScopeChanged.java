package dev.privatelink.endpoint;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.OrganizationEndpoints.Scope;

/**
 * A registration's scope changed (registered again with another {@code scope}), in the transaction that
 * changed it: an {@link Scope#ORGANIZATION organization-wide} registration is allowed on every service of
 * its organization in its provider and region, a {@link Scope#SERVICE} one only where an allow list holds it.
 *
 * @param status the registration's status when its scope changed: only a Ready one changes what reaches a service
 */
public record EndpointScopeChanged(UUID registrationId, UUID organizationId, CloudProvider provider, String endpointId,
                                   String region, Scope previous, Scope scope, EndpointStatus status, Instant at) {
}
