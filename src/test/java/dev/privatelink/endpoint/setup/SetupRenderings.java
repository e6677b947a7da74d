package dev.privatelink.endpoint.setup;

import java.util.List;
import java.util.Map;

import dev.privatelink.cloud.CloudProvider;

/** The facts and customer values the golden files and the CLI checks render. */
final class SetupRenderings {

    static final SetupFacts AWS = new SetupFacts(CloudProvider.AWS, "us-west-2", "analytics", "z5wtvdlngx",
            "com.amazonaws.vpce.us-west-2.vpce-svc-b92248511733889a6", "z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud",
            "z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud", List.of(443, 8443, 9440, 3306),
            "https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/"
                    + "6aed6091-65b4-4449-af53-3c10012d371c");

    static final SetupFacts AZURE = new SetupFacts(CloudProvider.AZURE, "westus3", "reporting", "k3r8w1q9zt",
            "pls-westus3.7d2c9b1e-4f6a-4c3d-8e2b-1a0f9c8d7e6b.westus3.azure.privatelinkservice",
            "k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud",
            "westus3.privatelink.azure.privatelink.example.cloud", null,
            "https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/"
                    + "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

    static final CustomerValues UNKNOWN = CustomerValues.parse(null, null, null, null, null, null, null);

    static final CustomerValues AWS_KNOWN = CustomerValues.parse("vpc-0abc12345def67890",
            "subnet-0abc12345def67890,subnet-0def12345abc67890", "sg-0abc12345def67890", null, null, null,
            "vpce-0123456789abcdef0");

    static final CustomerValues AZURE_KNOWN = CustomerValues.parse(null, null, null, "rg-clients",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network"
                    + "/virtualNetworks/vnet-clients/subnets/default",
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network"
                    + "/virtualNetworks/vnet-clients",
            "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");

    /** A plausible value for every placeholder the CLI renderings name, as the customer would set them. */
    static final Map<String, String> SAMPLE_VALUES = Map.ofEntries(
            Map.entry("VPC_ID", "vpc-0abc12345def67890"),
            Map.entry("SUBNET_IDS", "subnet-0abc12345def67890 subnet-0def12345abc67890"),
            Map.entry("SECURITY_GROUP_IDS", "sg-0abc12345def67890"),
            Map.entry("VPC_ENDPOINT_ID", "vpce-0123456789abcdef0"),
            Map.entry("HOSTED_ZONE_ID", "/hostedzone/Z0123456789ABCDEFGHIJ"),
            Map.entry("VPCE_DNS_NAME", "vpce-0123456789abcdef0-ngbqfdnj.vpce-svc-b92248511733889a6.us-west-2.vpce.amazonaws.com"),
            Map.entry("VPCE_HOSTED_ZONE_ID", "Z1YSA3EXCYUU9Z"),
            Map.entry("RESOURCE_GROUP", "rg-clients"),
            Map.entry("SUBNET_ID", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers"
                    + "/Microsoft.Network/virtualNetworks/vnet-clients/subnets/default"),
            Map.entry("RESOURCE_GUID", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"),
            Map.entry("NETWORK_INTERFACE_ID", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients"
                    + "/providers/Microsoft.Network/networkInterfaces/privatelink-k3r8w1q9zt.nic.1"),
            Map.entry("PRIVATE_ENDPOINT_IP", "10.0.0.4"),
            Map.entry("VIRTUAL_NETWORK_ID", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients"
                    + "/providers/Microsoft.Network/virtualNetworks/vnet-clients"),
            Map.entry("KEY_ID", "key-id"),
            Map.entry("KEY_SECRET", "key-secret"));

    private SetupRenderings() {
    }
}
