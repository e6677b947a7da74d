package dev.privatelink.cloud.sandbox;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's side of the sandbox cloud (what a customer would do in their own AWS account or
 * Azure subscription), its ledger and its fault injection. A provider's routes answer 404 when its
 * real adapter is enabled; the ledger and faults answer 404 when no sandbox is on.
 */
@Tag(name = "Sandbox cloud")
@RestController
@RequestMapping("/v1/sandbox")
class SandboxController {

    private final ObjectProvider<SandboxAwsEndpointServices> aws;
    private final ObjectProvider<SandboxAzurePrivateLinkServices> azure;
    private final SandboxLedger ledger;
    private final SandboxFaults faults;

    SandboxController(ObjectProvider<SandboxAwsEndpointServices> aws, ObjectProvider<SandboxAzurePrivateLinkServices> azure,
                      SandboxLedger ledger, SandboxFaults faults) {
        this.aws = aws;
        this.azure = azure;
        this.ledger = ledger;
        this.faults = faults;
    }

    @Operation(summary = "Create an AWS interface endpoint to an endpoint service (customer side, any key)")
    @PostMapping("/aws/vpcEndpoints")
    @ResponseStatus(HttpStatus.CREATED)
    Envelope<SandboxAwsEndpointServices.VpcEndpoint> createVpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                      @Valid @RequestBody NewVpcEndpoint body) {
        return Envelope.of(201, aws("/aws/vpcEndpoints").createVpcEndpoint(caller, body.serviceName(), body.region()));
    }

    @Operation(summary = "Get an AWS interface endpoint (customer side)")
    @GetMapping("/aws/vpcEndpoints/{vpcEndpointId}")
    Envelope<SandboxAwsEndpointServices.VpcEndpoint> vpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/aws/vpcEndpoints/" + vpcEndpointId).vpcEndpoint(caller, vpcEndpointId));
    }

    @Operation(summary = "Delete an AWS interface endpoint (customer side): deleting, then deleted")
    @DeleteMapping("/aws/vpcEndpoints/{vpcEndpointId}")
    Envelope<SandboxAwsEndpointServices.VpcEndpoint> deleteVpcEndpoint(@AuthenticationPrincipal Caller caller,
                                                                      @PathVariable String vpcEndpointId) {
        return Envelope.ok(aws("/aws/vpcEndpoints/" + vpcEndpointId).deleteVpcEndpoint(caller, vpcEndpointId));
    }

    @Operation(summary = "Create an Azure private endpoint to a Private Link Service alias (customer side, any key)")
    @PostMapping("/azure/privateEndpoints")
    @ResponseStatus(HttpStatus.CREATED)
    Envelope<SandboxAzurePrivateLinkServices.PrivateEndpoint> createPrivateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                                   @Valid @RequestBody NewPrivateEndpoint body) {
        return Envelope.of(201, azure("/azure/privateEndpoints")
                .createPrivateEndpoint(caller, body.privateLinkServiceAlias(), body.region()));
    }

    @Operation(summary = "Get an Azure private endpoint by resourceGuid (customer side)")
    @GetMapping("/azure/privateEndpoints/{resourceGuid}")
    Envelope<SandboxAzurePrivateLinkServices.PrivateEndpoint> privateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                             @PathVariable UUID resourceGuid) {
        return Envelope.ok(azure("/azure/privateEndpoints/" + resourceGuid).privateEndpoint(caller, resourceGuid));
    }

    @Operation(summary = "Delete an Azure private endpoint (customer side): its connection becomes Disconnected")
    @DeleteMapping("/azure/privateEndpoints/{resourceGuid}")
    Envelope<SandboxAzurePrivateLinkServices.PrivateEndpoint> deletePrivateEndpoint(@AuthenticationPrincipal Caller caller,
                                                                                   @PathVariable UUID resourceGuid) {
        return Envelope.ok(azure("/azure/privateEndpoints/" + resourceGuid).deletePrivateEndpoint(caller, resourceGuid));
    }

    @Operation(summary = "Calls made to the sandbox through the cloud port, by provider and operation (operator)")
    @GetMapping("/ledger")
    Envelope<SandboxLedger.Summary> ledger(@AuthenticationPrincipal Caller caller,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                                           @RequestParam(required = false) String region) {
        requireSandboxOperator(caller, "/ledger");
        return Envelope.ok(ledger.summary(since, region));
    }

    @Operation(summary = "Forget every recorded call (operator)")
    @DeleteMapping("/ledger")
    Envelope<SandboxLedger.Summary> clearLedger(@AuthenticationPrincipal Caller caller) {
        requireSandboxOperator(caller, "/ledger");
        ledger.clear();
        return Envelope.ok(ledger.summary(null, null));
    }

    @Operation(summary = "Current fault injection rates (operator)")
    @GetMapping("/faults")
    Envelope<SandboxFaults.Rates> faults(@AuthenticationPrincipal Caller caller) {
        requireSandboxOperator(caller, "/faults");
        return Envelope.ok(faults.rates());
    }

    @Operation(summary = "Set fault injection rates, each 0..1 (operator; this replica)")
    @PutMapping("/faults")
    Envelope<SandboxFaults.Rates> setFaults(@AuthenticationPrincipal Caller caller, @Valid @RequestBody FaultRates body) {
        requireSandboxOperator(caller, "/faults");
        if (body.throttleRate() + body.serverErrorRate() + body.timeoutRate() > 1.0) {
            throw ApiException.badRequest("throttleRate + serverErrorRate + timeoutRate must be at most 1");
        }
        SandboxFaults.Rates rates = new SandboxFaults.Rates(body.throttleRate(), body.serverErrorRate(), body.timeoutRate());
        faults.set(rates);
        return Envelope.ok(rates);
    }

    private SandboxAwsEndpointServices aws(String path) {
        SandboxAwsEndpointServices cloud = aws.getIfAvailable();
        if (cloud == null) {
            throw noSuchPath(path);
        }
        return cloud;
    }

    private SandboxAzurePrivateLinkServices azure(String path) {
        SandboxAzurePrivateLinkServices cloud = azure.getIfAvailable();
        if (cloud == null) {
            throw noSuchPath(path);
        }
        return cloud;
    }

    private void requireSandboxOperator(Caller caller, String path) {
        if (aws.getIfAvailable() == null && azure.getIfAvailable() == null) {
            throw noSuchPath(path);
        }
        caller.requireOperator();
    }

    /** As the framework answers an unknown path: the route exists only while the sandbox serves the provider. */
    private static ApiException noSuchPath(String path) {
        return ApiException.notFound("no such path: /v1/sandbox" + path + " (the sandbox cloud is off for this provider)");
    }

    record NewVpcEndpoint(@NotBlank @Size(max = 300) String serviceName, @NotBlank @Size(max = 50) String region) {
    }

    record NewPrivateEndpoint(@NotBlank @Size(max = 300) String privateLinkServiceAlias, @NotBlank @Size(max = 50) String region) {
    }

    record FaultRates(@NotNull @DecimalMin("0") @DecimalMax("1") Double throttleRate,
                      @NotNull @DecimalMin("0") @DecimalMax("1") Double serverErrorRate,
                      @NotNull @DecimalMin("0") @DecimalMax("1") Double timeoutRate) {
    }
}
