package dev.privatelink.sandbox.customer;

import java.util.List;

import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's side of reverse private endpoints in the sandbox, as HTTP: what a customer sets up in
 * their own AWS account so that the platform can reach in (an endpoint service, a resource share, an
 * MSK cluster), and the owner's accept and reject of the platform's connections. Answers 404 when the
 * real AWS adapter is enabled.
 */
@Tag(name = "Sandbox cloud: customer side")
@RestController
@RequestMapping("/v1/sandbox/aws")
class SandboxReverseTargetsController {

    private final ObjectProvider<CustomerReverseTargets> aws;

    SandboxReverseTargetsController(ObjectProvider<CustomerReverseTargets> aws) {
        this.aws = aws;
    }

    @Operation(operationId = "sandboxCreateCustomerEndpointService", summary = "Create a VPC endpoint service in the customer's account (customer side, any key)",
            description = "allowedPrincipals must include the platform's account (see reversePrivateEndpointConfig) for "
                    + "the platform to see it; supportedRegions lets consumers from other regions connect.")
    @PostMapping("/endpointServices")
    Envelope<CustomerReverseTargets.EndpointService> createEndpointService(@AuthenticationPrincipal Caller caller,
                                                                           @Valid @RequestBody NewEndpointService body) {
        return Envelope.ok(aws("/endpointServices").createEndpointService(caller, body.region(), body.acceptanceRequired(),
                body.allowedPrincipals(), body.supportedRegions(), body.privateDnsName()));
    }

    @Operation(operationId = "sandboxListCustomerEndpointServiceConnections", summary = "The connections to a customer's endpoint service: the platform's endpoints (customer side)")
    @GetMapping("/endpointServices/{serviceId}/connections")
    Envelope<List<CustomerReverseTargets.Connection>> connections(@AuthenticationPrincipal Caller caller,
                                                                  @PathVariable String serviceId) {
        return Envelope.ok(aws("/endpointServices/" + serviceId + "/connections").connections(caller, serviceId));
    }

    @Operation(operationId = "sandboxAcceptCustomerEndpointServiceConnection", summary = "Accept a connection waiting for acceptance (customer side)")
    @PostMapping("/endpointServices/{serviceId}/connections/{vpcEndpointId}/accept")
    Envelope<CustomerReverseTargets.Connection> accept(@AuthenticationPrincipal Caller caller, @PathVariable String serviceId,
                                                       @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/endpointServices/" + serviceId + "/connections/" + vpcEndpointId + "/accept")
                .accept(caller, serviceId, vpcEndpointId));
    }

    @Operation(operationId = "sandboxRejectCustomerEndpointServiceConnection", summary = "Reject a connection, waiting or accepted (customer side)")
    @PostMapping("/endpointServices/{serviceId}/connections/{vpcEndpointId}/reject")
    Envelope<CustomerReverseTargets.Connection> reject(@AuthenticationPrincipal Caller caller, @PathVariable String serviceId,
                                                       @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/endpointServices/" + serviceId + "/connections/" + vpcEndpointId + "/reject")
                .reject(caller, serviceId, vpcEndpointId));
    }

    @Operation(operationId = "sandboxCreateResourceConfiguration", summary = "Create a resource configuration and share it over RAM (customer side, any key)",
            description = "sharedWith lists the accounts invited to the share: the platform's account for a VPC_RESOURCE "
                    + "reverse endpoint. The answer holds the resourceConfigurationId and resourceShareArn the endpoint needs.")
    @PostMapping("/resourceConfigurations")
    Envelope<CustomerReverseTargets.ResourceConfiguration> createResourceConfiguration(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody NewResourceConfiguration body) {
        return Envelope.ok(aws("/resourceConfigurations").createResourceConfiguration(caller, body.region(), body.resource(),
                body.sharedWith()));
    }

    @Operation(operationId = "sandboxCreateMskCluster", summary = "Create an MSK cluster with multi-VPC connectivity (customer side, any key)",
            description = "authentication: what multi-VPC clients may use (SASL_IAM, SASL_SCRAM, TLS); allowedPrincipals: "
                    + "the cluster policy's principals, which must include the platform's account.")
    @PostMapping("/mskClusters")
    Envelope<CustomerReverseTargets.MskCluster> createMskCluster(@AuthenticationPrincipal Caller caller,
                                                                 @Valid @RequestBody NewMskCluster body) {
        return Envelope.ok(aws("/mskClusters").createMskCluster(caller, body.region(), body.name(), body.authentication(),
                body.allowedPrincipals()));
    }

    private CustomerReverseTargets aws(String path) {
        CustomerReverseTargets cloud = aws.getIfAvailable();
        if (cloud == null) {
            throw ApiException.notFound("no such path: /v1/sandbox/aws" + path + " (the sandbox cloud is off for aws)");
        }
        return cloud;
    }

    @Schema(name = "SandboxNewCustomerEndpointService")
    record NewEndpointService(@NotBlank @Size(max = 50) String region, @NotNull Boolean acceptanceRequired,
                              @Size(max = 50) List<@Size(max = 300) String> allowedPrincipals,
                              @Size(max = 50) List<@Size(max = 50) String> supportedRegions,
                              @Size(max = 253) String privateDnsName) {
    }

    @Schema(name = "SandboxNewResourceConfiguration")
    record NewResourceConfiguration(@NotBlank @Size(max = 50) String region, @NotBlank @Size(max = 300) String resource,
                                    @Size(max = 50) List<@Size(max = 300) String> sharedWith) {
    }

    @Schema(name = "SandboxNewMskCluster")
    record NewMskCluster(@NotBlank @Size(max = 50) String region, @NotBlank @Size(max = 64) String name,
                         @Size(max = 3) List<@Size(max = 20) String> authentication,
                         @Size(max = 50) List<@Size(max = 300) String> allowedPrincipals) {
    }
}
