package dev.privatelink.endpoint.registration;

import java.util.regex.Pattern;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.web.ApiException;

/** What a registrable endpoint id looks like, per provider, and the message when it does not. */
public final class EndpointIds {

    private static final Pattern AWS = Pattern.compile("vpce-([0-9a-f]{17}|[0-9a-f]{8})", Pattern.CASE_INSENSITIVE);
    private static final Pattern AZURE_GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern AZURE_RESOURCE_ID = Pattern.compile(
            "/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]{1,90}/providers/Microsoft\\.Network/privateEndpoints/[^/]{1,80}",
            Pattern.CASE_INSENSITIVE);

    private EndpointIds() {
    }

    /**
     * The id as stored, or a 400 naming the field and what is expected. VPC endpoint ids and GUIDs are
     * stored in lower case (the clouds' own spelling) whatever case they were typed in; resource ids as given.
     */
    public static String require(CloudProvider provider, String id, String field) {
        String value = id == null ? "" : id.strip();
        switch (provider) {
            case AWS -> {
                if (!AWS.matcher(value).matches()) {
                    throw ApiException.badRequest(field + " '" + value + "' is not an AWS VPC endpoint id; expected 'vpce-' "
                            + "followed by 17 (or, for older endpoints, 8) hexadecimal digits (e.g. vpce-0123456789abcdef0)");
                }
                return value.toLowerCase(java.util.Locale.ROOT);
            }
            case AZURE -> {
                if (!AZURE_GUID.matcher(value).matches() && !AZURE_RESOURCE_ID.matcher(value).matches()) {
                    throw ApiException.badRequest(field + " '" + value + "' is not an Azure private endpoint id; expected "
                            + "its resourceGuid (e.g. 0b3e6c5a-1f2d-4c3b-9a8e-7d6c5b4a3f21) or its resource id "
                            + "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Network/privateEndpoints/{name}");
                }
                return AZURE_GUID.matcher(value).matches() ? value.toLowerCase(java.util.Locale.ROOT) : value;
            }
        }
        throw new IllegalStateException("unknown provider " + provider);
    }

    /** A 400 when one list of a request names the same endpoint twice (in any case). */
    static void requireDistinct(java.util.List<String> ids, String field) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Integer first = seen.putIfAbsent(ids.get(i).toLowerCase(java.util.Locale.ROOT), i);
            if (first != null) {
                throw ApiException.badRequest(field + "[" + i + "] '" + ids.get(i) + "' repeats " + field + "[" + first
                        + "]; name each endpoint once per list");
            }
        }
    }
}
