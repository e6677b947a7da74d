package dev.privatelink.endpoint.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.privatelink.endpoint.setup.PrivateEndpointSetup.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rendering of the customer's setup against its golden file ({@code src/test/resources/setup/}).
 * After a deliberate change, rewrite them with {@code -Dsetup.update=true} and review the diff.
 */
class SetupScriptsUnitTests {

    private static final Path GOLDEN = Path.of("src/test/resources/setup");

    static Stream<Arguments> renderings() {
        Endpoint ready = new Endpoint("vpce-0123456789abcdef0", "Ready", true);
        Endpoint pending = new Endpoint("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "PendingAcceptance", false);
        return Stream.of(
                Arguments.of("aws-cli.sh", SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.UNKNOWN, null),
                Arguments.of("aws-cli-filled.sh", SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.AWS_KNOWN, ready),
                Arguments.of("aws-terraform.tf", SetupTool.TERRAFORM, SetupRenderings.AWS, SetupRenderings.UNKNOWN, null),
                Arguments.of("aws-terraform-filled.tf", SetupTool.TERRAFORM, SetupRenderings.AWS, SetupRenderings.AWS_KNOWN, ready),
                Arguments.of("azure-cli.sh", SetupTool.AZURE_CLI, SetupRenderings.AZURE, SetupRenderings.UNKNOWN, null),
                Arguments.of("azure-cli-filled.sh", SetupTool.AZURE_CLI, SetupRenderings.AZURE, SetupRenderings.AZURE_KNOWN, pending),
                Arguments.of("azure-terraform.tf", SetupTool.TERRAFORM, SetupRenderings.AZURE, SetupRenderings.UNKNOWN, null),
                Arguments.of("azure-terraform-filled.tf", SetupTool.TERRAFORM, SetupRenderings.AZURE, SetupRenderings.AZURE_KNOWN,
                        pending));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void eachRenderingMatchesItsGoldenFile(String golden, SetupTool tool, SetupFacts facts, CustomerValues values,
                                           Endpoint endpoint) throws IOException {
        String text = SetupScripts.render(tool, facts, values, endpoint).text();
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("setup.update")) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void everyValueWeKnowIsFilledInAndEveryOtherIsANamedPlaceholder() {
        PrivateEndpointSetup unknown = SetupScripts.render(SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.UNKNOWN, null);
        assertThat(unknown.text()).contains("--service-name com.amazonaws.vpce.us-west-2.vpce-svc-b92248511733889a6")
                .contains("--region us-west-2").contains("--name z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud")
                .contains("--vpc-id ${VPC_ID:?}").doesNotContainPattern("<[A-Za-z][^>]*>");
        assertThat(unknown.placeholders()).extracting(PrivateEndpointSetup.Placeholder::name).containsExactly("VPC_ID",
                "SUBNET_IDS", "SECURITY_GROUP_IDS", "VPC_ENDPOINT_ID", "HOSTED_ZONE_ID", "VPCE_DNS_NAME", "VPCE_HOSTED_ZONE_ID");
        for (PrivateEndpointSetup.Placeholder placeholder : unknown.placeholders()) {
            assertThat(unknown.text()).as(placeholder.name()).contains("${" + placeholder.name() + ":?}");
        }

        PrivateEndpointSetup known = SetupScripts.render(SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.AWS_KNOWN, null);
        assertThat(known.text()).contains("--vpc-id vpc-0abc12345def67890")
                .contains("--subnet-ids subnet-0abc12345def67890 subnet-0def12345abc67890")
                .contains("--vpc-endpoint-ids vpce-0123456789abcdef0").doesNotContain("${VPC_ID");
        assertThat(known.placeholders()).extracting(PrivateEndpointSetup.Placeholder::name)
                .containsExactly("HOSTED_ZONE_ID", "VPCE_DNS_NAME", "VPCE_HOSTED_ZONE_ID");

        PrivateEndpointSetup azure = SetupScripts.render(SetupTool.TERRAFORM, SetupRenderings.AZURE, SetupRenderings.UNKNOWN, null);
        assertThat(azure.dnsRecords()).singleElement().satisfies(r -> {
            assertThat(r.zone()).isEqualTo("westus3.privatelink.azure.privatelink.example.cloud");
            assertThat(r.name()).isEqualTo("*");
            assertThat(r.type()).isEqualTo("A");
        });
        assertThat(azure.text()).contains("private_connection_resource_alias = \"" + SetupRenderings.AZURE.endpointServiceId() + "\"")
                .contains("variable \"resource_group_name\"").contains("resource_group_name = var.resource_group_name");
    }

    @Test
    void customerValuesThatAreNotIdsOfTheirKindAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> CustomerValues.parse("vpc-1; rm -rf /", null, null, null, null, null, null))
                .hasMessageContaining("vpcId 'vpc-1; rm -rf /'");
        assertThatThrownBy(() -> CustomerValues.parse(null, "subnet-0abc12345def67890,$(id)", null, null, null, null, null))
                .hasMessageContaining("subnetIds item '$(id)'");
        assertThatThrownBy(() -> CustomerValues.parse(null, null, null, "rg.", null, null, null))
                .hasMessageContaining("resourceGroup 'rg.'");
        assertThatThrownBy(() -> CustomerValues.parse(null, null, null, null, "default", null, null))
                .hasMessageContaining("subnetId 'default'");
        assertThatThrownBy(() -> CustomerValues.parse(null, null, null, null, null, "/subscriptions/x", null))
                .hasMessageContaining("virtualNetworkId");
    }
}
