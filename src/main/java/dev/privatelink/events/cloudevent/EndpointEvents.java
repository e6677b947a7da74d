package dev.privatelink.events.cloudevent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.EndpointRemoved;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.EndpointStatusChanged;
import dev.privatelink.organization.OrganizationEndpoints.Scope;

/**
 * A registration's changes as CloudEvents: {@code privatelink.endpoint.<status>} for each status it
 * enters, {@code privatelink.endpoint.removed} when it is gone. The subject is
 * {@code privateEndpoints/<registrationId>} ({@code GET <source>/<subject>} reads it); the data is the
 * registration as that read shows it at the change, without the step history.
 */
public final class EndpointEvents {

    private EndpointEvents() {
    }

    public static ResourceEvent of(EndpointStatusChanged c) {
        return new ResourceEvent(c.organizationId(), EventTypes.endpoint(c.status()), subject(c.registrationId()), c.sequence(),
                c.at(), new PrivateEndpoint(c.endpointId(), c.registrationId(), c.provider(), c.region(), c.description(),
                c.scope(), c.status(), StatusReason.of(c.reasonCode(), c.reasonMessage()), c.connectionState(), c.endpointServiceName(),
                c.attachedServiceIds(), c.createdAt(), c.at()));
    }

    public static ResourceEvent of(EndpointRemoved r) {
        return new ResourceEvent(r.organizationId(), EventTypes.ENDPOINT_REMOVED, subject(r.registrationId()), r.sequence(),
                r.at(), new PrivateEndpoint(r.endpointId(), r.registrationId(), r.provider(), r.region(), r.description(),
                r.scope(), r.status(), StatusReason.of(r.reasonCode(), r.reasonMessage()), r.connectionState(), r.endpointServiceName(),
                List.of(), r.createdAt(), r.at()));
    }

    static String subject(UUID registrationId) {
        return "privateEndpoints/" + registrationId;
    }

    /** The registration as {@code GET …/privateEndpoints/{id}} shows it (field for field), without history. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrivateEndpoint(String id, UUID registrationId, CloudProvider cloudProvider, String region,
                                  String description, Scope scope, EndpointStatus status, StatusReason statusReason,
                                  String connectionState, String endpointServiceId, List<UUID> attachedServiceIds,
                                  Instant createdAt, Instant updatedAt) {
    }

    public record StatusReason(String code, String message) {
        static StatusReason of(String code, String message) {
            return code == null && message == null ? null : new StatusReason(code, message);
        }
    }
}
