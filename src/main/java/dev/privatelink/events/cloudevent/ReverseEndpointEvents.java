package dev.privatelink.events.cloudevent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.reverseendpoint.ReverseEndpointRemoved;
import dev.privatelink.reverseendpoint.ReverseEndpointSnapshot;
import dev.privatelink.reverseendpoint.ReverseEndpointStatusChanged;

/**
 * A reverse endpoint's changes as CloudEvents: {@code privatelink.reverseendpoint.<status>} for each
 * status it enters, {@code privatelink.reverseendpoint.removed} when it is gone. The subject is
 * {@code services/<serviceId>/clickpipesReversePrivateEndpoints/<id>} ({@code GET <source>/<subject>}
 * reads it); the data is the endpoint as that read shows it at the change, in ClickHouse's
 * {@code ReversePrivateEndpoint} shape, without the step history.
 */
public final class ReverseEndpointEvents {

    private ReverseEndpointEvents() {
    }

    public static ResourceEvent of(ReverseEndpointStatusChanged c) {
        ReverseEndpointSnapshot e = c.endpoint();
        return new ResourceEvent(e.organizationId(), EventTypes.reverseEndpoint(e.status().wireName()), subject(e),
                c.sequence(), c.at(), ReversePrivateEndpoint.of(e));
    }

    public static ResourceEvent of(ReverseEndpointRemoved r) {
        ReverseEndpointSnapshot e = r.endpoint();
        return new ResourceEvent(e.organizationId(), EventTypes.REVERSE_ENDPOINT_REMOVED, subject(e), r.sequence(), r.at(),
                ReversePrivateEndpoint.of(e));
    }

    static String subject(ReverseEndpointSnapshot e) {
        return "services/" + e.serviceId() + "/clickpipesReversePrivateEndpoints/" + e.id();
    }

    /** The reverse endpoint as {@code GET …/clickpipesReversePrivateEndpoints/{id}} shows it, without history. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReversePrivateEndpoint(UUID id, UUID serviceId, String description, String type,
                                         String vpcEndpointServiceName, String vpcResourceConfigurationId,
                                         String vpcResourceShareArn, String mskClusterArn, String mskAuthentication,
                                         List<CustomPrivateDnsMapping> customPrivateDnsMappings, String endpointId,
                                         List<String> dnsNames, List<String> privateDnsNames, String status,
                                         EndpointEvents.StatusReason statusReason, String region, Instant createdAt,
                                         Instant updatedAt) {

        static ReversePrivateEndpoint of(ReverseEndpointSnapshot e) {
            return new ReversePrivateEndpoint(e.id(), e.serviceId(), e.description(), e.type().name(),
                    e.vpcEndpointServiceName(), e.vpcResourceConfigurationId(), e.vpcResourceShareArn(), e.mskClusterArn(),
                    e.mskAuthentication(), e.customDnsNames().stream().map(CustomPrivateDnsMapping::new).toList(),
                    e.endpointId(), e.dnsNames(), e.privateDnsNames(), e.status().wireName(),
                    EndpointEvents.StatusReason.of(e.reasonCode(), e.reasonMessage()), e.region(), e.createdAt(),
                    e.updatedAt());
        }
    }

    public record CustomPrivateDnsMapping(String privateDnsName) {
    }
}
