package dev.privatelink.sandbox.operator;

import java.time.Instant;

import dev.privatelink.sandbox.model.SandboxFaults;
import dev.privatelink.sandbox.model.SandboxLedger;
import dev.privatelink.sandbox.provider.SandboxAwsEndpointServices;
import dev.privatelink.sandbox.provider.SandboxAzurePrivateLinkServices;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox cloud's own controls, for operators: the ledger of calls made to it through the cloud
 * port, and fault injection. Both answer 404 when no provider is served by the sandbox.
 */
@Tag(name = "Sandbox cloud: operator")
@RestController
@RequestMapping("/v1/sandbox")
class SandboxOperatorController {

    private final ObjectProvider<SandboxAwsEndpointServices> aws;
    private final ObjectProvider<SandboxAzurePrivateLinkServices> azure;
    private final SandboxLedger ledger;
    private final SandboxFaults faults;

    SandboxOperatorController(ObjectProvider<SandboxAwsEndpointServices> aws,
                              ObjectProvider<SandboxAzurePrivateLinkServices> azure, SandboxLedger ledger,
                              SandboxFaults faults) {
        this.aws = aws;
        this.azure = azure;
        this.ledger = ledger;
        this.faults = faults;
    }

    @Operation(operationId = "getSandboxLedger", summary = "Calls made to the sandbox through the cloud port, by provider and operation (operator)")
    @GetMapping("/ledger")
    Envelope<SandboxLedger.Summary> ledger(@AuthenticationPrincipal Caller caller,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                                           @RequestParam(required = false) String region) {
        requireSandboxOperator(caller, "/ledger");
        return Envelope.ok(ledger.summary(since, region));
    }

    @Operation(operationId = "clearSandboxLedger", summary = "Forget every recorded call (operator)")
    @DeleteMapping("/ledger")
    Envelope<SandboxLedger.Summary> clearLedger(@AuthenticationPrincipal Caller caller) {
        requireSandboxOperator(caller, "/ledger");
        ledger.clear();
        return Envelope.ok(ledger.summary(null, null));
    }

    @Operation(operationId = "getSandboxFaults", summary = "Current fault injection rates (operator)")
    @GetMapping("/faults")
    Envelope<SandboxFaults.Rates> faults(@AuthenticationPrincipal Caller caller) {
        requireSandboxOperator(caller, "/faults");
        return Envelope.ok(faults.rates());
    }

    @Operation(operationId = "setSandboxFaults", summary = "Set fault injection rates, each 0..1 (operator; this replica)")
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

    private void requireSandboxOperator(Caller caller, String path) {
        if (aws.getIfAvailable() == null && azure.getIfAvailable() == null) {
            throw ApiException.notFound("no such path: /v1/sandbox" + path + " (the sandbox cloud is off)");
        }
        caller.requireOperator();
    }

    @Schema(name = "SandboxFaultRatesPutRequest")
    record FaultRates(@NotNull @DecimalMin("0") @DecimalMax("1") Double throttleRate,
                      @NotNull @DecimalMin("0") @DecimalMax("1") Double serverErrorRate,
                      @NotNull @DecimalMin("0") @DecimalMax("1") Double timeoutRate) {
    }
}
