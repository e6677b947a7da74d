package dev.privatelink.endpointservice.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceState;
import dev.privatelink.endpointservice.PrivateDnsVerificationState;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators register the platform's existing endpoint services; the cloud confirms each one asynchronously. */
@Tag(name = "Operator: endpoint services")
@RestController
@RequestMapping("/v1/operator/endpointServices")
class EndpointServiceController {

    private final EndpointServices endpointServices;
    private final EndpointServiceRegistrations registrations;
    private final PrivateDnsVerification privateDns;

    EndpointServiceController(EndpointServices endpointServices, EndpointServiceRegistrations registrations,
                              PrivateDnsVerification privateDns) {
        this.endpointServices = endpointServices;
        this.registrations = registrations;
        this.privateDns = privateDns;
    }

    @Operation(operationId = "listEndpointServices", summary = "List the platform's endpoint services")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<EndpointServiceView>> list(@AuthenticationPrincipal Caller caller) {
        caller.requireOperator(); // also enforced for /v1/operator/** by the security filter
        return Envelope.ok(endpointServices.findAllByOrderByCreatedAtAscIdAsc().stream().map(EndpointServiceView::of).toList());
    }

    @Operation(operationId = "getEndpointService", summary = "Get an endpoint service")
    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    Envelope<EndpointServiceView> get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        caller.requireOperator();
        return Envelope.ok(EndpointServiceView.of(endpointServices.findById(id)
                .orElseThrow(() -> ApiException.notFound("endpoint service '" + id + "' not found"))));
    }

    @Operation(operationId = "registerEndpointService", summary = "Register an existing endpoint service",
            description = "Starts as VERIFYING; the cloud is asked to describe it, then it becomes AVAILABLE or FAILED.")
    @PostMapping
    @Transactional
    Envelope<EndpointServiceView> register(@AuthenticationPrincipal Caller caller,
                                           @Valid @RequestBody NewEndpointService body) {
        caller.requireOperator();
        String privateDnsName = body.privateDnsName() == null ? null : privateDnsName(body.provider(), body.privateDnsName());
        if (!CloudRegions.isRegion(body.provider(), body.region())) {
            throw ApiException.badRequest("region '" + body.region() + "' is not a " + body.provider() + " region");
        }
        String resourceId = body.cloudResourceId().strip();
        if (body.provider() == CloudProvider.AWS && !resourceId.matches("vpce-svc-[0-9a-f]{17}|vpce-svc-[0-9a-f]{8}")) {
            throw ApiException.badRequest("cloudResourceId '" + resourceId
                    + "' is not an AWS endpoint service id; expected 'vpce-svc-' followed by 17 hexadecimal digits");
        }
        if (body.provider() == CloudProvider.AZURE && !resourceId.toLowerCase().contains("/providers/microsoft.network/privatelinkservices/")) {
            throw ApiException.badRequest("cloudResourceId '" + resourceId
                    + "' is not an Azure Private Link Service resource id; expected "
                    + "/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Network/privateLinkServices/{name}");
        }
        EndpointService service = registrations.register(body.provider(), body.region(), body.account(), resourceId);
        if (privateDnsName != null) {
            privateDns.start(service, privateDnsName);
        }
        return Envelope.ok(EndpointServiceView.of(service));
    }

    @Operation(operationId = "updateEndpointService", summary = "Set an endpoint service's private DNS name (AWS)",
            description = "Sets the name on the service, publishes the TXT record AWS asks for in the platform's public "
                    + "zone and follows AWS's domain verification (privateDnsVerification.state: pendingVerification, "
                    + "then verified or failed). Setting the name again re-runs the verification.")
    @PatchMapping("/{id}")
    @Transactional
    Envelope<EndpointServiceView> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID id,
                                         @Valid @RequestBody EndpointServiceChange body) {
        caller.requireOperator();
        EndpointService service = endpointServices.lockById(id)
                .orElseThrow(() -> ApiException.notFound("endpoint service '" + id + "' not found"));
        if (body.privateDnsName() == null) {
            throw ApiException.badRequest("privateDnsName is required; it is the only field that can be changed");
        }
        String name = privateDnsName(service.provider(), body.privateDnsName());
        if (service.state() == EndpointServiceState.FAILED) {
            throw ApiException.conflict("endpoint service '" + id + "' is FAILED (" + service.stateReason()
                    + "); register a working one before setting its private DNS name");
        }
        boolean unchanged = name.equals(service.privateDnsName())
                && service.privateDnsState() != PrivateDnsVerificationState.FAILED;
        if (!unchanged) {
            privateDns.start(service, name);
        }
        return Envelope.ok(EndpointServiceView.of(service));
    }

    private static String privateDnsName(CloudProvider provider, String raw) {
        if (provider == CloudProvider.AZURE) {
            throw ApiException.badRequest("privateDnsName is for AWS endpoint services only: Azure Private Link Services "
                    + "have no private DNS name to verify; customers resolve them through Azure Private DNS zones instead");
        }
        return PrivateDnsNames.canonical(raw);
    }

    record NewEndpointService(@NotNull CloudProvider provider, @NotBlank String region,
                              @Size(max = 200) String account, @NotBlank @Size(max = 500) String cloudResourceId,
                              @Size(max = 300) String privateDnsName) {
    }

    record EndpointServiceChange(@Size(max = 300) String privateDnsName) {
    }

    /**
     * @param state          pendingVerification, verified or failed
     * @param txtRecordName  the TXT record AWS looks for ({@code null} until AWS named it)
     * @param txtRecordValue its value
     * @param checkedAt      when the cloud was last asked how verification stands
     * @param reason         why it failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PrivateDnsVerificationView(PrivateDnsVerificationState state, String txtRecordName, String txtRecordValue,
                                      Instant checkedAt, String reason) {
        static PrivateDnsVerificationView of(EndpointService s) {
            return s.privateDnsState() == null ? null : new PrivateDnsVerificationView(s.privateDnsState(),
                    s.privateDnsTxtName(), s.privateDnsTxtValue(), s.privateDnsCheckedAt(), s.privateDnsReason());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EndpointServiceView(UUID id, CloudProvider provider, String region, String account, String serviceName,
                               String cloudResourceId, EndpointServiceState state, String stateReason,
                               Set<String> supportedRegions, String privateDnsName,
                               PrivateDnsVerificationView privateDnsVerification, Instant createdAt, Instant updatedAt) {
        static EndpointServiceView of(EndpointService s) {
            return new EndpointServiceView(s.id(), s.provider(), s.region(), s.account(), s.serviceName(),
                    s.cloudResourceId(), s.state(), s.stateReason(), s.supportedRegions(), s.privateDnsName(),
                    PrivateDnsVerificationView.of(s), s.createdAt(), s.updatedAt());
        }
    }
}
