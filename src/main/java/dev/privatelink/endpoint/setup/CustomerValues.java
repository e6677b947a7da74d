package dev.privatelink.endpoint.setup;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import dev.privatelink.cloud.CloudProvider;

/**
 * What the customer told us about their side (query parameters), each checked against the shape of its
 * cloud's ids: they end up in shell commands and Terraform files, so nothing else may get in. Absent
 * ({@code null}, or an empty list) means unknown: rendered as a named placeholder.
 *
 * @param vpcId            AWS: the VPC the endpoint goes in ({@code vpc-…})
 * @param subnetIds        AWS: its subnets ({@code subnet-…})
 * @param securityGroupIds AWS: its security groups ({@code sg-…})
 * @param resourceGroup    Azure: the resource group of the private endpoint and the private DNS zone
 * @param subnetId         Azure: the subnet's resource id
 * @param virtualNetworkId Azure: the virtual network's resource id, for the private DNS zone's link
 * @param endpointId       the private endpoint once created: AWS {@code vpce-…}; Azure resourceGuid or resource id
 */
public record CustomerValues(String vpcId, List<String> subnetIds, List<String> securityGroupIds, String resourceGroup,
                             String subnetId, String virtualNetworkId, String endpointId) {

    private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    // Azure resource group names: letters, digits, underscores, hyphens, periods and parentheses, not ending in a period
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[\\w\\-.()]{0,89}[\\w\\-()]");
    private static final String SEGMENT = "[\\w\\-.()]+";
    private static final Pattern VNET = Pattern.compile("/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/" + SEGMENT
            + "/providers/Microsoft\\.Network/virtualNetworks/" + SEGMENT, Pattern.CASE_INSENSITIVE);
    private static final Pattern AZURE_SUBNET = Pattern.compile(VNET.pattern() + "/subnets/" + SEGMENT, Pattern.CASE_INSENSITIVE);

    public CustomerValues {
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }

    /**
     * Reads the query parameters; lists are comma-separated.
     *
     * @throws IllegalArgumentException naming the parameter whose value is not an id of its kind
     */
    public static CustomerValues parse(String vpcId, String subnetIds, String securityGroupIds, String resourceGroup,
                                       String subnetId, String virtualNetworkId, String endpointId) {
        return new CustomerValues(
                check("vpcId", vpcId, VPC, "an AWS VPC id (vpc-0abc12345def67890)"),
                list("subnetIds", subnetIds, SUBNET, "AWS subnet ids (subnet-0abc12345def67890), comma-separated"),
                list("securityGroupIds", securityGroupIds, SECURITY_GROUP,
                        "AWS security group ids (sg-0abc12345def67890), comma-separated"),
                check("resourceGroup", resourceGroup, RESOURCE_GROUP, "an Azure resource group name (letters, digits, "
                        + "'_', '-', '.', '(', ')'; up to 90 characters, not ending in '.')"),
                check("subnetId", subnetId, AZURE_SUBNET, "an Azure subnet resource id (/subscriptions/…/resourceGroups/…"
                        + "/providers/Microsoft.Network/virtualNetworks/…/subnets/…)"),
                check("virtualNetworkId", virtualNetworkId, VNET, "an Azure virtual network resource id (/subscriptions/…"
                        + "/resourceGroups/…/providers/Microsoft.Network/virtualNetworks/…)"),
                blankToNull(endpointId));
    }

    /** The parameters that do not apply to a cloud's setup, given anyway (the caller is told, not ignored). */
    public List<String> foreignTo(CloudProvider provider) {
        return switch (provider) {
            case AWS -> Arrays.asList(resourceGroup == null ? null : "resourceGroup", subnetId == null ? null : "subnetId",
                    virtualNetworkId == null ? null : "virtualNetworkId").stream().filter(n -> n != null).toList();
            case AZURE -> Arrays.asList(vpcId == null ? null : "vpcId", subnetIds.isEmpty() ? null : "subnetIds",
                    securityGroupIds.isEmpty() ? null : "securityGroupIds").stream().filter(n -> n != null).toList();
        };
    }

    private static String check(String name, String value, Pattern shape, String expected) {
        String text = blankToNull(value);
        if (text != null && !shape.matcher(text).matches()) {
            throw new IllegalArgumentException(name + " '" + value + "' is not " + expected);
        }
        return text;
    }

    private static List<String> list(String name, String value, Pattern shape, String expected) {
        String text = blankToNull(value);
        if (text == null) {
            return List.of();
        }
        List<String> items = Arrays.stream(text.split(",")).map(String::strip).toList();
        for (String item : items) {
            if (!shape.matcher(item).matches()) {
                throw new IllegalArgumentException(name + " item '" + item + "' is not valid: expected " + expected);
            }
        }
        return items;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
