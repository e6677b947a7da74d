package dev.privatelink.reverseendpoint.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.web.ApiException;

/**
 * What a reverse endpoint reaches, as the create request names it, checked field by field: the fields
 * its type needs are there and well formed, the others absent. Every refusal is a 400 naming the field.
 *
 * @param region the target's region: the endpoint service's (from its name), the share's, the cluster's (from the ARN)
 * @param key    the target normalised: one live endpoint per target and service
 */
public record ReverseTarget(ReverseEndpointType type, String vpcEndpointServiceName, String vpcResourceConfigurationId,
                            String vpcResourceShareArn, String mskClusterArn, String mskAuthentication, String region,
                            String key) {

    /** ClickHouse's GCP type, which this platform (on AWS) does not offer. */
    static final String GCP_TYPE = "GCP_PSC_SERVICE_ATTACHMENT";

    private static final Pattern SERVICE_NAME = Pattern.compile("com\\.amazonaws\\.vpce\\.([a-z0-9-]+)\\.vpce-svc-[0-9a-f]{8,17}");
    private static final Pattern RESOURCE_CONFIGURATION_ID = Pattern.compile("rcfg-[0-9a-f]{8,17}");
    private static final Pattern SHARE_ARN = Pattern.compile("arn:aws[a-z-]*:ram:([a-z0-9-]+):(\\d{12}):resource-share/[A-Za-z0-9-]{1,128}");
    private static final Pattern CLUSTER_ARN = Pattern.compile(
            "arn:aws[a-z-]*:kafka:([a-z0-9-]+):(\\d{12}):cluster/[A-Za-z0-9-]{1,64}/[A-Za-z0-9-]{1,128}");
    private static final java.util.List<String> AUTHENTICATIONS = java.util.List.of("SASL_IAM", "SASL_SCRAM");

    /**
     * The target of a create request, or a 400 naming what is missing, malformed or out of place.
     *
     * @param fields the request's target fields by their wire names; {@code null} values count as absent
     */
    public static ReverseTarget of(String type, Map<String, String> fields) {
        ReverseEndpointType parsed = type(type);
        Map<String, String> given = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value != null) {
                given.put(name, value);
            }
        });
        if (given.containsKey("gcpServiceAttachment")) {
            throw ApiException.badRequest("gcpServiceAttachment is used only by type " + GCP_TYPE
                    + ", which this platform does not support");
        }
        return switch (parsed) {
            case VPC_ENDPOINT_SERVICE -> endpointService(given);
            case VPC_RESOURCE -> resource(given);
            case MSK_MULTI_VPC -> msk(given);
        };
    }

    private static ReverseEndpointType type(String type) {
        if (type == null || type.isBlank()) {
            throw ApiException.badRequest("type is required: one of " + types());
        }
        if (GCP_TYPE.equals(type)) {
            throw ApiException.badRequest("type " + GCP_TYPE + " is not supported by this platform: it runs on AWS and offers "
                    + types() + " (GCP Private Service Connect needs a GCP platform)");
        }
        return Arrays.stream(ReverseEndpointType.values()).filter(t -> t.name().equals(type)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("type '" + type + "' is not one of " + types()));
    }

    private static ReverseTarget endpointService(Map<String, String> given) {
        only(given, ReverseEndpointType.VPC_ENDPOINT_SERVICE, "vpcEndpointServiceName");
        String name = required(given, "vpcEndpointServiceName", ReverseEndpointType.VPC_ENDPOINT_SERVICE);
        Matcher m = SERVICE_NAME.matcher(name);
        if (!m.matches()) {
            throw ApiException.badRequest("vpcEndpointServiceName '" + name + "' is not a VPC endpoint service name; expected "
                    + "com.amazonaws.vpce.<region>.vpce-svc-<id>, as the service's details in the AWS console show it");
        }
        String region = awsRegion(m.group(1), "vpcEndpointServiceName");
        return new ReverseTarget(ReverseEndpointType.VPC_ENDPOINT_SERVICE, name, null, null, null, null, region,
                "vpc-endpoint-service:" + name.toLowerCase(Locale.ROOT));
    }

    private static ReverseTarget resource(Map<String, String> given) {
        only(given, ReverseEndpointType.VPC_RESOURCE, "vpcResourceConfigurationId", "vpcResourceShareArn");
        String configuration = required(given, "vpcResourceConfigurationId", ReverseEndpointType.VPC_RESOURCE);
        String share = required(given, "vpcResourceShareArn", ReverseEndpointType.VPC_RESOURCE);
        if (!RESOURCE_CONFIGURATION_ID.matcher(configuration).matches()) {
            throw ApiException.badRequest("vpcResourceConfigurationId '" + configuration
                    + "' is not a resource configuration id; expected rcfg- and 17 hex digits");
        }
        Matcher m = SHARE_ARN.matcher(share);
        if (!m.matches()) {
            throw ApiException.badRequest("vpcResourceShareArn '" + share + "' is not a resource share ARN; expected "
                    + "arn:aws:ram:<region>:<account>:resource-share/<id>, as aws ram create-resource-share prints it");
        }
        String region = awsRegion(m.group(1), "vpcResourceShareArn");
        return new ReverseTarget(ReverseEndpointType.VPC_RESOURCE, null, configuration, share, null, null, region,
                "vpc-resource:" + configuration.toLowerCase(Locale.ROOT));
    }

    private static ReverseTarget msk(Map<String, String> given) {
        only(given, ReverseEndpointType.MSK_MULTI_VPC, "mskClusterArn", "mskAuthentication");
        String cluster = required(given, "mskClusterArn", ReverseEndpointType.MSK_MULTI_VPC);
        String authentication = required(given, "mskAuthentication", ReverseEndpointType.MSK_MULTI_VPC);
        Matcher m = CLUSTER_ARN.matcher(cluster);
        if (!m.matches()) {
            throw ApiException.badRequest("mskClusterArn '" + cluster + "' is not an MSK cluster ARN; expected "
                    + "arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>");
        }
        if (!AUTHENTICATIONS.contains(authentication)) {
            throw ApiException.badRequest("mskAuthentication '" + authentication + "' is not one of "
                    + String.join(", ", AUTHENTICATIONS));
        }
        String region = awsRegion(m.group(1), "mskClusterArn");
        return new ReverseTarget(ReverseEndpointType.MSK_MULTI_VPC, null, null, null, cluster, authentication, region,
                "msk-multi-vpc:" + cluster.toLowerCase(Locale.ROOT));
    }

    /** The account that owns the share: the only sender whose invitation the platform accepts for it. */
    public static String shareOwner(String resourceShareArn) {
        Matcher m = SHARE_ARN.matcher(resourceShareArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a resource share ARN: " + resourceShareArn);
        }
        return m.group(2);
    }

    private static String required(Map<String, String> given, String field, ReverseEndpointType type) {
        String value = given.get(field);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required for type " + type);
        }
        if (!value.equals(value.strip())) {
            throw ApiException.badRequest(field + " must not start or end with spaces");
        }
        return value;
    }

    private static void only(Map<String, String> given, ReverseEndpointType type, String... allowed) {
        for (String field : given.keySet()) {
            if (!Arrays.asList(allowed).contains(field)) {
                throw ApiException.badRequest(field + " is not used by type " + type + "; it takes "
                        + String.join(" and ", allowed));
            }
        }
    }

    private static String awsRegion(String region, String field) {
        if (!CloudRegions.isRegion(CloudProvider.AWS, region)) {
            throw ApiException.badRequest(field + " names region '" + region + "', which is not an AWS region");
        }
        return region;
    }

    private static String types() {
        return Arrays.stream(ReverseEndpointType.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
