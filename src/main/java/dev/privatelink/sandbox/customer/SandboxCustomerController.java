package dev.privatelink.sandbox.customer;

import java.util.UUID;

import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's side of the sandbox cloud as an HTTP API: what a customer would do in their own AWS
 * account or Azure subscription. A provider's routes answer 404 when its real adapter is enabled.
 */
@Tag(name = "Sandbox cloud: customer side")
@RestController
@RequestMapping("/v1/sandbox")
class SandboxCustomerController {

    private final ObjectProvider<CustomerVpcEndpoints> aws;
    private final ObjectProvider<CustomerPrivateEndpoints> azure;

    SandboxCustomerController(ObjectProvider<CustomerVpcEndpoints> aws, ObjectProvider<CustomerPrivateEndpoints> azure) {
        this.aws = aws;
        this.azure = azure;
    }

    @Operation(operationId = "createSandboxVpcEndpoint", summary = "Create an AWS interface endpoint to an endpoint service (customer side, any key)")
    @PostMapping("/aws/vpcEndpoints")
    Envelope<CustomerVpcEndpoints.VpcEndpoint> createVpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                      @Valid @RequestBody NewVpcEndpoint body) {
        return Envelope.ok(aws("/aws/vpcEndpoints").createVpcEndpoint(caller, body.serviceName(), body.region()));
    }

    @Operation(operationId = "getSandboxVpcEndpoint", summary = "Get an AWS interface endpoint (customer side)")
    @GetMapping("/aws/vpcEndpoints/{vpcEndpointId}")
    Envelope<CustomerVpcEndpoints.VpcEndpoint> vpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/aws/vpcEndpoints/" + vpcEndpointId).vpcEndpoint(caller, vpcEndpointId));
    }

    @Operation(operationId = "deleteSandboxVpcEndpoint", summary = "Delete an AWS interface endpoint (customer side): deleting, then deleted")
    @DeleteMapping("/aws/vpcEndpoints/{vpcEndpointId}")
    Envelope<CustomerVpcEndpoints.VpcEndpoint> deleteVpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                      @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/aws/vpcEndpoints/" + vpcEndpointId).deleteVpcEndpoint(caller, vpcEndpointId));
    }

    @Operation(operationId = "createSandboxPrivateEndpoint", summary = "Create an Azure private endpoint to a Private Link Service alias (customer side, any key)")
    @PostMapping("/azure/privateEndpoints")
    Envelope<CustomerPrivateEndpoints.PrivateEndpoint> createPrivateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                                   @Valid @RequestBody NewPrivateEndpoint body) {
        return Envelope.ok(azure("/azure/privateEndpoints")
                .createPrivateEndpoint(caller, body.privateLinkServiceAlias(), body.region()));
    }

    @Operation(operationId = "getSandboxPrivateEndpoint", summary = "Get an Azure private endpoint by resourceGuid (customer side)")
    @GetMapping("/azure/privateEndpoints/{resourceGuid}")
    Envelope<CustomerPrivateEndpoints.PrivateEndpoint> privateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                             @PathVariable UUID resourceGuid) {
        return Envelope.ok(azure("/azure/privateEndpoints/" + resourceGuid).privateEndpoint(caller, resourceGuid));
    }

    @Operation(operationId = "deleteSandboxPrivateEndpoint", summary = "Delete an Azure private endpoint (customer side): its connection becomes Disconnected")
    @DeleteMapping("/azure/privateEndpoints/{resourceGuid}")
    Envelope<CustomerPrivateEndpoints.PrivateEndpoint> deletePrivateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                                   @PathVariable UUID resourceGuid) {
        return Envelope.ok(azure("/azure/privateEndpoints/" + resourceGuid).deletePrivateEndpoint(caller, resourceGuid));
    }

    private CustomerVpcEndpoints aws(String path) {
        CustomerVpcEndpoints cloud = aws.getIfAvailable();
        if (cloud == null) {
            throw noSuchPath(path);
        }
        return cloud;
    }

    private CustomerPrivateEndpoints azure(String path) {
        CustomerPrivateEndpoints cloud = azure.getIfAvailable();
        if (cloud == null) {
            throw noSuchPath(path);
        }
        return cloud;
    }

    /** As the framework answers an unknown path: the route exists only while the sandbox serves the provider. */
    private static ApiException noSuchPath(String path) {
        return ApiException.notFound("no such path: /v1/sandbox" + path + " (the sandbox cloud is off for this provider)");
    }

    @Schema(name = "SandboxVpcEndpointPostRequest")
    record NewVpcEndpoint(@NotBlank @Size(max = 300) String serviceName, @NotBlank @Size(max = 50) String region) {
    }

    @Schema(name = "SandboxPrivateEndpointPostRequest")
    record NewPrivateEndpoint(@NotBlank @Size(max = 300) String privateLinkServiceAlias, @NotBlank @Size(max = 50) String region) {
    }

}
