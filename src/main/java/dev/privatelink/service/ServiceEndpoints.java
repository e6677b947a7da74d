package dev.privatelink.service;

import java.util.List;
import java.util.UUID;

import dev.privatelink.organization.Organization;

/**
 * A service's allow list of private endpoints, as the service API shows and changes it
 * ({@code privateEndpointIds}, {@code POST …/privateEndpoint}). Implemented by the endpoint module,
 * which owns registrations and allow lists: the service module asks through this interface.
 */
public interface ServiceEndpoints {

    /** The endpoint ids on the service's allow list, in the order they were added. */
    List<String> allowList(UUID serviceId);

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
     * @return whether the allow list changed
     */
    boolean attach(Organization organization, DatabaseService service, String id, String description);
}
