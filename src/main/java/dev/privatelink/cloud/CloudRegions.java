package dev.privatelink.cloud;

import java.util.Set;

/**
 * The catalogue of region codes the platform accepts, per provider, and the AWS regions from which
 * cross-region PrivateLink is offered (as published in the AWS PrivateLink guide).
 */
public final class CloudRegions {

    private static final Set<String> AWS = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
            "eu-north-1", "eu-south-1", "eu-south-2",
            "il-central-1", "me-central-1", "me-south-1", "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-7",
            "us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1");

    private static final Set<String> AZURE = Set.of(
            "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus",
            "southcentralus", "westcentralus", "canadacentral", "canadaeast", "brazilsouth",
            "mexicocentral", "northeurope", "westeurope", "uksouth", "ukwest", "francecentral",
            "germanywestcentral", "switzerlandnorth", "norwayeast", "swedencentral", "polandcentral",
            "italynorth", "spaincentral", "uaenorth", "qatarcentral", "israelcentral",
            "southafricanorth", "centralindia", "southindia", "westindia", "japaneast", "japanwest",
            "koreacentral", "koreasouth", "eastasia", "southeastasia", "australiaeast",
            "australiasoutheast", "australiacentral", "newzealandnorth", "indonesiacentral",
            "malaysiawest");

    /** AWS regions from which customers may connect to a service in another region (seed 000). */
    private static final Set<String> AWS_CROSS_REGION_SOURCES = Set.of(
            "sa-east-1", "il-central-1", "me-central-1", "me-south-1", "eu-central-2", "eu-north-1",
            "eu-south-2", "eu-west-3", "eu-south-1", "eu-west-2", "eu-west-1", "eu-central-1",
            "ca-west-1", "ca-central-1", "ap-northeast-1", "ap-southeast-2", "ap-southeast-1",
            "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-4", "ap-southeast-3",
            "ap-south-2", "ap-east-1", "af-south-1", "us-west-2", "us-west-1", "us-east-2", "us-east-1");

    private CloudRegions() {
    }

    public static boolean isRegion(CloudProvider provider, String region) {
        return regions(provider).contains(region);
    }

    public static Set<String> regions(CloudProvider provider) {
        return switch (provider) {
            case AWS -> AWS;
            case AZURE -> AZURE;
        };
    }

    /** Whether an endpoint in {@code endpointRegion} may reach a service in {@code serviceRegion}. */
    public static boolean crossRegionAllowed(CloudProvider provider, String endpointRegion, String serviceRegion) {
        if (endpointRegion.equals(serviceRegion) || provider == CloudProvider.AZURE) {
            return true; // Azure Private Link is cross-region by design
        }
        return AWS_CROSS_REGION_SOURCES.contains(endpointRegion) && AWS_CROSS_REGION_SOURCES.contains(serviceRegion);
    }

    /**
     * The other regions whose consumers may reach a service in {@code serviceRegion}, where the cloud
     * needs them added to the service (AWS); empty for Azure, which needs no such step.
     */
    public static Set<String> crossRegionSources(CloudProvider provider, String serviceRegion) {
        if (provider != CloudProvider.AWS || !AWS_CROSS_REGION_SOURCES.contains(serviceRegion)) {
            return Set.of();
        }
        return AWS_CROSS_REGION_SOURCES.stream().filter(r -> !r.equals(serviceRegion))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    public static Set<String> awsCrossRegionSources() {
        return AWS_CROSS_REGION_SOURCES;
    }
}
