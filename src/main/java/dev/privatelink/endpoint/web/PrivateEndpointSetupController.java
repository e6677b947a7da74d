package dev.privatelink.endpoint.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.EndpointStatus;
import dev.privatelink.endpoint.registration.EndpointIds;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.ServiceHostnames;
import dev.privatelink.endpoint.setup.CustomerValues;
import dev.privatelink.endpoint.setup.PrivateEndpointSetup;
import dev.privatelink.endpoint.setup.SetupFacts;
import dev.privatelink.endpoint.setup.SetupScripts;
import dev.privatelink.endpoint.setup.SetupTool;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.security.Caller;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.DatabaseServices;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The customer's side of a private endpoint, handed over ready to run: commands and templates with our values filled in. */
@Tag(name = "Private endpoints")
@RestController
@RequestMapping("/v1/organizations/{orgId}")
class PrivateEndpointSetupController {

    private final DatabaseServices services;
    private final EndpointRegistrations endpoints;
    private final EndpointServiceDirectory directory;
    private final ServiceHostnames dnsNames;

    PrivateEndpointSetupController(DatabaseServices services, EndpointRegistrations endpoints,
                                   EndpointServiceDirectory directory, ServiceHostnames dnsNames) {
        this.services = services;
        this.endpoints = endpoints;
        this.directory = directory;
        this.dnsNames = dnsNames;
    }

    @Operation(operationId = "getPrivateEndpointSetup", summary = "What to run on your side to reach this service privately",
            description = """
                    The customer's side of the seeds' setup for this service, with every value this API knows filled in
                    (endpoint service name or alias, region, private hostname, DNS zone) and every other value a named
                    placeholder: a shell variable written ${NAME:?} (the shell stops naming it when unset) or a Terraform
                    variable; the query parameters fill them in. tool aws-cli (AWS services): aws ec2 create-vpc-endpoint,
                    then the Route 53 private hosted zone for the hostname and its alias record to the endpoint (seed
                    004's DNS steps). tool azure-cli (Azure services): az network private-endpoint create, its
                    resourceGuid and address, the private DNS zone, the wildcard A record and the virtual network link.
                    tool terraform: seed 000's aws_vpc_endpoint with the Route 53 zone and record, or seed 002's
                    azurerm_private_endpoint, azurerm_private_dns_zone, azurerm_private_dns_a_record and
                    azurerm_private_dns_zone_virtual_network_link. Each includes the PATCH that allows the endpoint on the
                    service, the DNS records that must exist once it is Ready (zone, name, type, target) and the seeds'
                    nslookup and openssl checks. endpointId fills in the endpoint once created and, when it is
                    registered, reports its status. JSON by default; Accept: text/plain answers the text alone (a shell
                    script, or the Terraform file with the commands as comments). An unknown tool, a tool of the other
                    cloud, a parameter of the other cloud or a malformed id answers 400 naming it.""")
    @ApiResponse(responseCode = "200", description = "OK", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SetupEnvelope.class)),
            @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string",
                    description = "The text field alone"))})
    @GetMapping(value = "/services/{serviceId}/privateEndpointSetup",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    @Transactional
    Envelope<PrivateEndpointSetup> setup(
            @AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable UUID serviceId,
            @Parameter(description = "aws-cli, terraform or azure-cli", example = "aws-cli") @RequestParam String tool,
            @Parameter(description = "AWS: your VPC id", example = "vpc-0abc12345def67890") @RequestParam(required = false) String vpcId,
            @Parameter(description = "AWS: your subnet ids, comma-separated", example = "subnet-0abc12345def67890,subnet-0def12345abc67890")
            @RequestParam(required = false) String subnetIds,
            @Parameter(description = "AWS: your security group ids, comma-separated", example = "sg-0abc12345def67890")
            @RequestParam(required = false) String securityGroupIds,
            @Parameter(description = "Azure: the resource group of the private endpoint and the private DNS zone", example = "my-rg")
            @RequestParam(required = false) String resourceGroup,
            @Parameter(description = "Azure: the subnet's resource id") @RequestParam(required = false) String subnetId,
            @Parameter(description = "Azure: the virtual network's resource id") @RequestParam(required = false) String virtualNetworkId,
            @Parameter(description = "The private endpoint once created (AWS vpce id; Azure resourceGuid or resource id)")
            @RequestParam(required = false) String endpointId,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) throws IOException {
        caller.requireRead(orgId);
        DatabaseService service = services.findByIdAndOrganizationId(serviceId, orgId)
                .orElseThrow(() -> ApiException.notFound("service '" + serviceId + "' not found"));
        CloudProvider provider = service.provider();
        SetupTool setupTool = SetupTool.parse(tool).orElseThrow(() -> ApiException.badRequest(
                "tool '" + tool + "' is not supported; expected aws-cli, terraform or azure-cli"));
        if (!setupTool.serves(provider)) {
            throw ApiException.badRequest("tool '" + tool + "' does not set up " + provider.wireName() + " endpoints; service '"
                    + service.name() + "' is on " + provider.wireName() + ": use " + (provider == CloudProvider.AWS
                    ? "aws-cli" : "azure-cli") + " or terraform");
        }
        CustomerValues values;
        try {
            values = CustomerValues.parse(vpcId, subnetIds, securityGroupIds, resourceGroup, subnetId, virtualNetworkId,
                    endpointId == null || endpointId.isBlank() ? null : EndpointIds.require(provider, endpointId.strip(), "endpointId"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<String> foreign = values.foreignTo(provider);
        if (!foreign.isEmpty()) {
            throw ApiException.badRequest(String.join(", ", foreign) + " do" + (foreign.size() == 1 ? "es" : "")
                    + " not apply to " + provider.wireName() + " services");
        }
        EndpointService endpointService = directory.assign(orgId, provider, service.region());
        String hostname = dnsNames.hostname(service);
        SetupFacts facts = new SetupFacts(provider, service.region(), service.name(), hostname.substring(0, hostname.indexOf('.')),
                endpointService.serviceName(), hostname, provider == CloudProvider.AWS ? hostname
                : dnsNames.zone(provider, service.region()), provider == CloudProvider.AWS ? ServiceHostnames.AWS_PORTS : null,
                ServletUriComponentsBuilder.fromCurrentContextPath().path("/v1/organizations/{orgId}/services/{serviceId}")
                        .buildAndExpand(orgId, serviceId).toUriString());
        PrivateEndpointSetup.Endpoint endpoint = values.endpointId() == null ? null
                : endpoints.findRegistered(orgId, provider, values.endpointId())
                .map(e -> new PrivateEndpointSetup.Endpoint(e.endpointId(), e.status().wireName(), e.status() == EndpointStatus.READY))
                .orElse(null);
        PrivateEndpointSetup setup = SetupScripts.render(setupTool, facts, values, endpoint);
        if (wantsText(accept)) {
            response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
            response.getOutputStream().write(setup.text().getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            return null; // answered: the text alone, no envelope
        }
        return Envelope.ok(setup);
    }

    /** Whether the caller asked for text/plain before JSON (JSON when neither is named). */
    private static boolean wantsText(String accept) {
        if (accept == null) {
            return false;
        }
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatibleWith(MediaType.TEXT_PLAIN) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    /** The JSON answer as documented: the envelope around the setup (the text/plain answer is its text alone). */
    @Schema(name = "EnvelopePrivateEndpointSetup")
    record SetupEnvelope(@Schema(description = "The HTTP status: 200", example = "200") int status,
                         @Schema(description = "The request's id", example = "6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f") String requestId,
                         PrivateEndpointSetup result) {
    }
}
