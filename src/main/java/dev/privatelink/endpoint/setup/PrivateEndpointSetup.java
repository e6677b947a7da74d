package dev.privatelink.endpoint.setup;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the customer runs on their side of the cloud for one service: each step's command or template
 * with every value we know filled in, the values we do not know as named placeholders, the DNS records
 * that must exist once the endpoint is Ready, and how to check them.
 */
@Schema(name = "PrivateEndpointSetup", description = "The customer's side of a private endpoint, ready to run.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivateEndpointSetup(
        @Schema(example = "aws-cli", allowableValues = {"aws-cli", "terraform", "azure-cli"}) String tool,
        CloudProvider cloudProvider,
        @Schema(example = "us-west-2") String region,
        @Schema(description = "What the endpoint is created against: AWS service name, Azure alias (as privateEndpointConfig)")
        String endpointServiceId,
        @Schema(description = "The name clients connect to once the endpoint is Ready")
        String privateDnsHostname,
        @Schema(description = "The private DNS zone the customer creates: AWS the hostname itself (seed 004's private "
                + "hosted zone), Azure the region's zone with a wildcard record")
        String dnsZone,
        @Schema(description = "The values the steps still need, by name: set them as shell variables (CLI) or Terraform "
                + "variables, or pass the query parameter named in each to have them filled in")
        List<Placeholder> placeholders,
        @Schema(description = "In order: what to run") List<Step> steps,
        @Schema(description = "The DNS records that must exist once the endpoint is Ready")
        List<DnsRecord> dnsRecords,
        @Schema(description = "How to check, once the endpoint is Ready, that the hostname resolves and answers")
        List<Step> checks,
        @Schema(description = "The endpoint named by endpointId, when it is registered: its status")
        Endpoint endpoint,
        @Schema(description = "Everything above as one text: a shell script (CLI) or a Terraform file, as answered "
                + "with Accept: text/plain")
        String text) {

    /**
     * @param name      the placeholder as written in the steps: a shell variable (CLI) or a Terraform variable
     * @param meaning   what value it stands for
     * @param parameter the query parameter that fills it in, if any
     * @param from      the step that prints it, if any
     */
    @Schema(name = "PrivateEndpointSetupPlaceholder")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Placeholder(@Schema(example = "VPC_ID") String name, String meaning,
                              @Schema(example = "vpcId") String parameter, String from) {
    }

    /** @param language {@code shell} or {@code hcl} */
    @Schema(name = "PrivateEndpointSetupStep")
    public record Step(String title, @Schema(allowableValues = {"shell", "hcl"}) String language, String text) {
    }

    @Schema(name = "PrivateEndpointSetupDnsRecord")
    public record DnsRecord(String zone, @Schema(example = "*") String name, @Schema(example = "A") String type,
                            @Schema(description = "What it points at; a placeholder when only the customer's cloud knows it")
                            String target) {
    }

    @Schema(name = "PrivateEndpointSetupEndpoint")
    public record Endpoint(String id, @Schema(example = "Ready") String status, boolean ready) {
    }
}
