package dev.privatelink.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.organization.Organization;
import dev.privatelink.organization.OrganizationEndpoints.OrganizationEndpoint;

/**
 * A service's allow list of private endpoints, as the service API shows and changes it
 * ({@code privateEndpointIds}, {@code availablePrivateEndpointIds}, {@code POST …/privateEndpoint}).
 * Implemented by the endpoint module, which owns registrations and allow lists: the service module
 * asks through this interface.
 */
public interface ServiceEndpoints {

    /** The endpoint ids a service's reads show, for each of an organization's services. */
    Map<UUID, ServiceEndpointIds> endpointIds(Organization organization, List<DatabaseService> services);

    /** {@link #endpointIds(Organization, List)} for one service. */
    default ServiceEndpointIds endpointIds(Organization organization, DatabaseService service) {
        return endpointIds(organization, List.of(service)).get(service.id());
    }

    /**
     * Applies a {@code privateEndpointIds} change: removals first, then additions. An id the
     * organization has not registered yet is registered with the service's provider and region. Runs in
     * the caller's transaction, which holds the organization's and the service's row locks.
     *
     * @return whether the allow list changed
     * @throws dev.privatelink.web.ApiException 4xx naming the offending id when the change is refused
     */
    boolean changeAllowList(Organization organization, DatabaseService service, List<String> remove, List<String> add);

    /**
     * Registers an endpoint (if new) and puts it on the service's allow list, in one call.
     *
     * @return the registered endpoint, and whether the allow list changed
     */
    Attachment attach(Organization organization, DatabaseService service, String id, String description);

    /**
     * @param attached  the endpoint ids on the service's allow list, in the order they were added
     * @param available the organization's other registered endpoints in the service's provider and region
     *                  that may be attached to it (none when its plan or tier allows no private endpoint)
     */
    record ServiceEndpointIds(List<String> attached, List<String> available) {
    }

    /** @param changed whether the endpoint was not on the allow list before */
    record Attachment(OrganizationEndpoint endpoint, boolean changed) {
    }
}
