package dev.privatelink.sandbox.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifiers shaped like the real clouds' ones. */
public final class SandboxIds {

    public static final Pattern AWS_ENDPOINT_ID = Pattern.compile("vpce-[0-9a-f]{17}");
    static final Pattern AWS_SERVICE_ID = Pattern.compile("vpce-svc-[0-9a-f]{17}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private SandboxIds() {
    }

    /** {@code vpce-svc-} and 17 lower-case hex digits. */
    public static String awsServiceId() {
        return "vpce-svc-" + hex17();
    }

    /** {@code vpce-} and 17 lower-case hex digits. */
    public static String awsEndpointId() {
        return "vpce-" + hex17();
    }

    public static String awsServiceName(String region, String serviceId) {
        return "com.amazonaws.vpce." + region + "." + serviceId;
    }

    /** A VPC Lattice resource configuration id: {@code rcfg-} and 17 lower-case hex digits. */
    public static String resourceConfigurationId() {
        return "rcfg-" + hex17();
    }

    public static String resourceConfigurationArn(String region, String account, String id) {
        return "arn:aws:vpc-lattice:" + region + ":" + account + ":resourceconfiguration/" + id;
    }

    public static String resourceShareArn(String region, String account) {
        return "arn:aws:ram:" + region + ":" + account + ":resource-share/" + UUID.randomUUID();
    }

    public static String resourceShareInvitationArn(String region, String account) {
        return "arn:aws:ram:" + region + ":" + account + ":resource-share-invitation/" + UUID.randomUUID();
    }

    /** {@code arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>-<n>}, as MSK names clusters. */
    public static String mskClusterArn(String region, String account, String name) {
        return "arn:aws:kafka:" + region + ":" + account + ":cluster/" + name + "/" + UUID.randomUUID() + "-" + (1 + RANDOM.nextInt(25));
    }

    /** A multi-VPC connection is named after its cluster, in the client's account. */
    public static String mskVpcConnectionArn(String region, String clientAccount, String clusterArn) {
        String[] parts = clusterArn.split(":", 6);
        String clusterOwner = parts.length > 4 ? parts[4] : "000000000000";
        String clusterName = parts.length > 5 ? parts[5].replaceFirst("^cluster/([^/]+)/.*$", "$1") : "cluster";
        return "arn:aws:kafka:" + region + ":" + clientAccount + ":vpc-connection/" + clusterOwner + "/" + clusterName + "/"
                + UUID.randomUUID() + "-" + (1 + RANDOM.nextInt(25));
    }

    /** A short lower-case label for generated host names. */
    public static String label(int length) {
        return random(LOWER_ALNUM, length);
    }

    public static String azureResourceGuid() {
        return UUID.randomUUID().toString();
    }

    /** A private address in the customer's 10.0.0.0/16 subnet, avoiding Azure's reserved .0-.3 and .255. */
    public static String azurePrivateIp() {
        return "10.0." + RANDOM.nextInt(256) + "." + (4 + RANDOM.nextInt(251));
    }

    /** Route 53 change ids look like {@code C2682N5HXP0BZ4}. */
    public static String dnsChangeId() {
        return "C" + random(UPPER_ALNUM, 20);
    }

    /** The random label of an AWS domain verification TXT record name. */
    public static String verificationLabel() {
        return "_" + random(LOWER_ALNUM, 10);
    }

    public static String verificationValue() {
        return "vpce:" + random(LOWER_ALNUM, 20);
    }

    private static String hex17() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    private static String random(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
