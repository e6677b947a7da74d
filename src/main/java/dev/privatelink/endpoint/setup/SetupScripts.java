package dev.privatelink.endpoint.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.setup.PrivateEndpointSetup.DnsRecord;
import dev.privatelink.endpoint.setup.PrivateEndpointSetup.Endpoint;
import dev.privatelink.endpoint.setup.PrivateEndpointSetup.Placeholder;
import dev.privatelink.endpoint.setup.PrivateEndpointSetup.Step;

/**
 * Renders the customer's setup: the seeds' commands and Terraform templates (seed 000's
 * {@code aws_vpc_endpoint}, seed 002's four {@code azurerm_*} templates, seed 004's Route 53 private
 * hosted zone and alias record, the seeds' {@code nslookup}/{@code openssl} checks) with our values
 * filled in. A value we do not know is a placeholder named once: in shell, {@code ${NAME:?}} (the shell
 * stops with the name when it is unset, as the seeds' {@code ${ORG_ID:?}}); in Terraform, a variable.
 * Pure: the same facts render the same text (the golden files pin it).
 */
public final class SetupScripts {

    private SetupScripts() {
    }

    /** @param endpoint the endpoint named by endpointId when it is registered, else {@code null} */
    public static PrivateEndpointSetup render(SetupTool tool, SetupFacts facts, CustomerValues values, Endpoint endpoint) {
        Render render = new Render(tool, facts, values, endpoint);
        return switch (tool) {
            case AWS_CLI -> render.awsCli();
            case AZURE_CLI -> render.azureCli();
            case TERRAFORM -> facts.provider() == CloudProvider.AWS ? render.awsTerraform() : render.azureTerraform();
        };
    }

    /** One rendering: collects the placeholders it uses, in the order they first appear. */
    private static final class Render {

        private final SetupTool tool;
        private final SetupFacts facts;
        private final CustomerValues values;
        private final Endpoint endpoint;
        private final Map<String, Placeholder> placeholders = new LinkedHashMap<>();
        private final String name;

        Render(SetupTool tool, SetupFacts facts, CustomerValues values, Endpoint endpoint) {
            this.tool = tool;
            this.facts = facts;
            this.values = values;
            this.endpoint = endpoint;
            this.name = "privatelink-" + facts.serviceKey();
        }

        PrivateEndpointSetup awsCli() {
            String vpc = shell(values.vpcId(), "VPC_ID", "the id of your VPC (vpc-…)", "vpcId", null);
            String subnets = values.subnetIds().isEmpty()
                    ? shell(null, "SUBNET_IDS", "your subnet ids in the VPC, space-separated (subnet-…)", "subnetIds", null)
                    : String.join(" ", values.subnetIds());
            String groups = values.securityGroupIds().isEmpty()
                    ? shell(null, "SECURITY_GROUP_IDS", "your security group ids, space-separated (sg-…); they must allow "
                    + "inbound TCP " + ports() + " from your clients", "securityGroupIds", null)
                    : String.join(" ", values.securityGroupIds());
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("Create the interface endpoint (its security groups must allow TCP " + ports() + ")", "shell", """
                    aws ec2 create-vpc-endpoint \\
                      --region %s \\
                      --vpc-id %s \\
                      --vpc-endpoint-type Interface \\
                      --service-name %s \\
                      --subnet-ids %s \\
                      --security-group-ids %s \\
                      --no-private-dns-enabled \\
                      --query VpcEndpoint.VpcEndpointId \\
                      --output text
                    """.formatted(facts.region(), vpc, facts.endpointServiceId(), subnets, groups)));
            String vpce = shell(values.endpointId(), "VPC_ENDPOINT_ID", "the endpoint's id (vpce-…)", "endpointId",
                    "step 1 prints it");
            steps.add(register(vpce));
            String zone = shell(null, "HOSTED_ZONE_ID", "the private hosted zone's id", null, "step 3 prints it");
            steps.add(new Step("Create the private hosted zone for the hostname, associated with your VPC", "shell", """
                    aws route53 create-hosted-zone \\
                      --name %s \\
                      --vpc VPCRegion=%s,VPCId=%s \\
                      --caller-reference %s-%s \\
                      --hosted-zone-config Comment=%s,PrivateZone=true \\
                      --query HostedZone.Id \\
                      --output text
                    """.formatted(facts.privateDnsHostname(), facts.region(), vpc, name, vpc, name)));
            String dnsName = shell(null, "VPCE_DNS_NAME", "the endpoint's regional DNS name (vpce-….vpce.amazonaws.com)",
                    null, "step 4 prints it first");
            String dnsZone = shell(null, "VPCE_HOSTED_ZONE_ID", "the hosted zone id of that DNS name", null,
                    "step 4 prints it second");
            steps.add(new Step("Read the endpoint's regional DNS name and its hosted zone id", "shell", """
                    aws ec2 describe-vpc-endpoints \\
                      --region %s \\
                      --vpc-endpoint-ids %s \\
                      --query 'VpcEndpoints[0].DnsEntries[0].[DnsName,HostedZoneId]' \\
                      --output text
                    """.formatted(facts.region(), vpce)));
            steps.add(new Step("Create the alias record from the hostname to the endpoint", "shell", """
                    cat <<EOF | tee alias_record.json
                    {
                      "Comment": "%s",
                      "Changes": [
                        {
                          "Action": "UPSERT",
                          "ResourceRecordSet": {
                            "Name": "%s",
                            "Type": "A",
                            "AliasTarget": {
                              "HostedZoneId": "%s",
                              "DNSName": "%s",
                              "EvaluateTargetHealth": false
                            }
                          }
                        }
                      ]
                    }
                    EOF
                    aws route53 change-resource-record-sets \\
                      --hosted-zone-id %s \\
                      --change-batch file://alias_record.json
                    """.formatted(name, facts.privateDnsHostname(), dnsZone, dnsName, zone)));
            return answer(steps, awsRecords(dnsName), awsChecks());
        }

        PrivateEndpointSetup awsTerraform() {
            List<String> variables = new ArrayList<>();
            String vpc = terraform(values.vpcId() == null ? null : '"' + values.vpcId() + '"', "vpc_id", "string", "the id of your VPC (vpc-…)", "vpcId", variables);
            String subnets = terraform(values.subnetIds().isEmpty() ? null : hclList(values.subnetIds()), "subnet_ids",
                    "list(string)", "your subnet ids in the VPC (subnet-…)", "subnetIds", variables);
            String groups = terraform(values.securityGroupIds().isEmpty() ? null : hclList(values.securityGroupIds()),
                    "security_group_ids", "list(string)", "your security group ids (sg-…); they must allow inbound TCP "
                            + ports() + " from your clients", "securityGroupIds", variables);
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("main.tf: the interface endpoint (seed template), the private hosted zone and the alias record",
                    "hcl", String.join("", variables) + """
                    resource "aws_vpc_endpoint" "this" {
                      vpc_id            = %s
                      service_name      = "%s"
                      vpc_endpoint_type = "Interface"
                      security_group_ids = %s
                      subnet_ids          = %s
                      private_dns_enabled = false
                    }

                    resource "aws_route53_zone" "private_link" {
                      name = "%s"
                      vpc {
                        vpc_id     = %s
                        vpc_region = "%s"
                      }
                    }

                    resource "aws_route53_record" "private_link" {
                      zone_id = aws_route53_zone.private_link.zone_id
                      name    = "%s"
                      type    = "A"
                      alias {
                        name                   = aws_vpc_endpoint.this.dns_entry[0].dns_name
                        zone_id                = aws_vpc_endpoint.this.dns_entry[0].hosted_zone_id
                        evaluate_target_health = false
                      }
                    }

                    output "vpc_endpoint_id" {
                      value = aws_vpc_endpoint.this.id
                    }
                    """.formatted(vpc, facts.endpointServiceId(), groups, subnets, facts.privateDnsHostname(), vpc,
                    facts.region(), facts.privateDnsHostname())));
            steps.add(new Step("Apply it", "shell", "terraform init\nterraform apply\n"));
            String vpce = values.endpointId() != null ? values.endpointId() : "$(terraform output -raw vpc_endpoint_id)";
            steps.add(register(vpce));
            return answer(steps, awsRecords("aws_vpc_endpoint.this.dns_entry[0].dns_name"), awsChecks());
        }

        PrivateEndpointSetup azureCli() {
            String group = shell(values.resourceGroup(), "RESOURCE_GROUP", "the resource group of the private endpoint "
                    + "and of the private DNS zone", "resourceGroup", null);
            String subnet = shell(values.subnetId(), "SUBNET_ID", "the resource id of the subnet the private endpoint "
                    + "gets its address in", "subnetId", null);
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("Create the private endpoint against our alias (it waits for our approval)", "shell", """
                    az network private-endpoint create \\
                      --resource-group %s \\
                      --name %s \\
                      --location %s \\
                      --subnet %s \\
                      --private-connection-resource-id %s \\
                      --connection-name %s \\
                      --manual-request true
                    """.formatted(group, name, facts.region(), subnet, facts.endpointServiceId(), name)));
            String guid = shell(values.endpointId(), "RESOURCE_GUID", "the private endpoint's resourceGuid (the id to "
                    + "register)", "endpointId", "step 2 prints it");
            String nic = shell(null, "NETWORK_INTERFACE_ID", "the resource id of the private endpoint's network interface",
                    null, "step 2 prints it");
            String address = shell(null, "PRIVATE_ENDPOINT_IP", "the private endpoint's private IPv4 address", null,
                    "step 2 prints it");
            steps.add(new Step("Read its resourceGuid, its network interface and that interface's private IP address",
                    "shell", """
                    az network private-endpoint show \\
                      --resource-group %1$s \\
                      --name %2$s \\
                      --query resourceGuid \\
                      --output tsv
                    az network private-endpoint show \\
                      --resource-group %1$s \\
                      --name %2$s \\
                      --query 'networkInterfaces[0].id' \\
                      --output tsv
                    az resource show \\
                      --ids %3$s \\
                      --query 'properties.ipConfigurations[0].properties.privateIPAddress' \\
                      --output tsv
                    """.formatted(group, name, nic)));
            steps.add(register(guid));
            steps.add(new Step("Create the private DNS zone", "shell", """
                    az network private-dns zone create \\
                      --resource-group %s \\
                      --name %s
                    """.formatted(group, facts.dnsZone())));
            steps.add(new Step("Create the wildcard record pointing at the private endpoint's address", "shell", """
                    az network private-dns record-set a add-record \\
                      --resource-group %s \\
                      --zone-name %s \\
                      --record-set-name '*' \\
                      --ipv4-address %s
                    """.formatted(group, facts.dnsZone(), address)));
            String network = shell(values.virtualNetworkId(), "VIRTUAL_NETWORK_ID", "the resource id of the virtual network "
                    + "your clients are in", "virtualNetworkId", null);
            steps.add(new Step("Link the zone to your virtual network", "shell", """
                    az network private-dns link vnet create \\
                      --resource-group %s \\
                      --zone-name %s \\
                      --name %s \\
                      --virtual-network %s \\
                      --registration-enabled false
                    """.formatted(group, facts.dnsZone(), name, network)));
            return answer(steps, azureRecords(address), azureChecks());
        }

        PrivateEndpointSetup azureTerraform() {
            List<String> variables = new ArrayList<>();
            String group = terraform(values.resourceGroup() == null ? null : '"' + values.resourceGroup() + '"',
                    "resource_group_name", "string", "the resource group of the private endpoint and of the private DNS "
                            + "zone", "resourceGroup", variables);
            String subnet = terraform(values.subnetId() == null ? null : '"' + values.subnetId() + '"', "pe_subnet_id",
                    "string", "the resource id of the subnet the private endpoint gets its address in", "subnetId", variables);
            String network = terraform(values.virtualNetworkId() == null ? null : '"' + values.virtualNetworkId() + '"',
                    "virtual_network_id", "string", "the resource id of the virtual network your clients are in",
                    "virtualNetworkId", variables);
            String address = "azurerm_private_endpoint.example_clickhouse_cloud.private_service_connection[0].private_ip_address";
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("main.tf: the seed's four templates, filled in", "hcl", String.join("", variables) + """
                    resource "azurerm_private_endpoint" "example_clickhouse_cloud" {
                      name                = "%1$s"
                      location            = "%2$s"
                      resource_group_name = %3$s
                      subnet_id           = %4$s

                      private_service_connection {
                        name                              = "%1$s"
                        private_connection_resource_alias = "%5$s"
                        is_manual_connection              = true
                      }
                    }

                    resource "azurerm_private_dns_zone" "clickhouse_cloud_private_link_zone" {
                      name                = "%6$s"
                      resource_group_name = %3$s
                    }

                    resource "azurerm_private_dns_a_record" "example" {
                      name                = "*"
                      zone_name           = azurerm_private_dns_zone.clickhouse_cloud_private_link_zone.name
                      resource_group_name = %3$s
                      ttl                 = 300
                      records             = [%7$s]
                    }

                    resource "azurerm_private_dns_zone_virtual_network_link" "example" {
                      name                  = "%1$s"
                      resource_group_name   = %3$s
                      private_dns_zone_name = azurerm_private_dns_zone.clickhouse_cloud_private_link_zone.name
                      virtual_network_id    = %8$s
                    }

                    output "private_endpoint_id" {
                      value = azurerm_private_endpoint.example_clickhouse_cloud.id
                    }
                    """.formatted(name, facts.region(), group, subnet, facts.endpointServiceId(), facts.dnsZone(), address,
                    network)));
            steps.add(new Step("Apply it", "shell", "terraform init\nterraform apply\n"));
            String id = values.endpointId() != null ? values.endpointId() : "$(terraform output -raw private_endpoint_id)";
            steps.add(register(id));
            return answer(steps, azureRecords(address), azureChecks());
        }

        /** Seed 000's allow-list step, with our service: an id not yet registered is registered with it. */
        private Step register(String endpointId) {
            return new Step("Allow the endpoint on the service (registers it with the organization if needed)", "shell", """
                    cat <<EOF | tee pl_config.json
                    {
                      "privateEndpointIds": {
                        "add": [
                          "%s"
                        ]
                      }
                    }
                    EOF
                    curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \\
                      %s \\
                      -d @pl_config.json
                    """.formatted(endpointId, facts.servicePath()));
        }

        private List<DnsRecord> awsRecords(String target) {
            return List.of(new DnsRecord(facts.privateDnsHostname(), facts.privateDnsHostname(), "A (alias)", target));
        }

        private List<DnsRecord> azureRecords(String target) {
            return List.of(new DnsRecord(facts.dnsZone(), "*", "A", target));
        }

        private List<Step> awsChecks() {
            return List.of(
                    new Step("The hostname resolves to the endpoint's private addresses in your VPC", "shell",
                            "nslookup " + facts.privateDnsHostname() + ".\n"),
                    new Step("A TLS connection through the endpoint opens (\"CONNECTED\")", "shell",
                            "openssl s_client -connect " + facts.privateDnsHostname() + ":9440\n"));
        }

        private List<Step> azureChecks() {
            return List.of(
                    new Step("Any name in the zone resolves to the private endpoint's address", "shell",
                            "nslookup " + facts.privateDnsHostname() + ".\n"),
                    new Step("A TLS connection through the endpoint opens (\"CONNECTED\"; errno=104 is expected)", "shell",
                            "openssl s_client -connect " + facts.privateDnsHostname() + ":9440\n"));
        }

        private PrivateEndpointSetup answer(List<Step> steps, List<DnsRecord> records, List<Step> checks) {
            List<Placeholder> named = List.copyOf(placeholders.values());
            return new PrivateEndpointSetup(tool.wireName(), facts.provider(), facts.region(), facts.endpointServiceId(),
                    facts.privateDnsHostname(), facts.dnsZone(), named, List.copyOf(steps), records, checks, endpoint,
                    text(named, steps, records, checks));
        }

        /** One text: a shell script, or (Terraform) the .tf file with the commands around it as comments. */
        private String text(List<Placeholder> named, List<Step> steps, List<DnsRecord> records, List<Step> checks) {
            StringBuilder text = new StringBuilder();
            text.append("# Private endpoint to service '").append(facts.serviceName()).append("' (")
                    .append(facts.provider().wireName()).append(' ').append(facts.region()).append(") with ")
                    .append(tool.wireName()).append('\n');
            text.append("# Connect to ").append(facts.privateDnsHostname()).append(" once the endpoint is Ready.\n");
            if (endpoint != null) {
                text.append("# Endpoint ").append(endpoint.id()).append(": ").append(endpoint.status()).append('\n');
            }
            if (!named.isEmpty()) {
                text.append("#\n# ").append(tool == SetupTool.TERRAFORM ? "Terraform variables" : "Shell variables")
                        .append(" to set first (values only you know):\n");
                named.forEach(p -> text.append("#   ").append(p.name()).append(": ").append(p.meaning())
                        .append(p.from() == null ? "" : "; " + p.from())
                        .append(p.parameter() == null ? "" : " (or query parameter " + p.parameter() + ")").append('\n'));
            }
            int number = 1;
            for (Step step : steps) {
                text.append('\n').append("# ").append(number++).append(". ").append(step.title()).append('\n');
                text.append(tool == SetupTool.TERRAFORM && step.language().equals("shell") ? comment(step.text()) : step.text());
            }
            text.append("\n# Once the endpoint is Ready, these DNS records must exist (zone, name, type, target):\n");
            records.forEach(r -> text.append("#   ").append(r.zone()).append("  ").append(r.name()).append("  ")
                    .append(r.type()).append("  ").append(r.target()).append('\n'));
            text.append("# Check them from a client in your network:\n");
            checks.forEach(c -> text.append("#   ").append(c.text().strip()).append("   # ").append(c.title()).append('\n'));
            return text.toString();
        }

        private static String comment(String shell) {
            return shell.lines().map(line -> "#   " + line).collect(Collectors.joining("\n", "", "\n"));
        }

        /** A known value as is, else the shell placeholder {@code ${NAME:?}}. */
        private String shell(String known, String variable, String meaning, String parameter, String from) {
            if (known != null) {
                return known;
            }
            placeholders.putIfAbsent(variable, new Placeholder(variable, meaning, parameter, from));
            return "${" + variable + ":?}";
        }

        /** A known value as an HCL expression, else {@code var.name}, declared once. */
        private String terraform(String knownHcl, String variable, String type, String meaning, String parameter,
                                 List<String> declarations) {
            if (knownHcl != null) {
                return knownHcl;
            }
            if (placeholders.putIfAbsent(variable, new Placeholder(variable, meaning, parameter, null)) == null) {
                declarations.add("variable \"" + variable + "\" {\n  type        = " + type + "\n  description = \""
                        + meaning.replace("\"", "'") + "\"\n}\n\n");
            }
            return "var." + variable;
        }

        private static String hclList(List<String> items) {
            return items.stream().map(i -> '"' + i + '"').collect(Collectors.joining(", ", "[", "]"));
        }

        private String ports() {
            return facts.ports() == null ? "" : facts.ports().stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
    }
}
