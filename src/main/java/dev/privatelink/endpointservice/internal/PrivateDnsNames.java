package dev.privatelink.endpointservice.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.privatelink.web.ApiException;

/** Checks an operator's private DNS name the way AWS will, so a bad one is refused before any cloud call. */
final class PrivateDnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    private PrivateDnsNames() {
    }

    /**
     * The name in canonical form (lower case, no trailing dot).
     *
     * @throws ApiException 400 saying what is wrong with it
     */
    static String canonical(String raw) {
        String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw invalid(raw, "it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(raw, "it is longer than " + MAX_LENGTH + " characters");
        }
        String domain = name.startsWith("*.") ? name.substring(2) : name;
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw invalid(raw, "it needs at least two labels");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(raw, label.isEmpty() ? "it has an empty label"
                        : "label '" + label + "' must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen"
                        + (label.contains("*") ? " (a wildcard is allowed only as the whole first label, '*.')" : ""));
            }
        }
        if (!labels[labels.length - 1].matches(".*[a-z].*")) {
            throw invalid(raw, "its top-level label must contain a letter (an IP address is not a DNS name)");
        }
        return name;
    }

    private static ApiException invalid(String raw, String why) {
        return ApiException.badRequest("privateDnsName '" + raw + "' is not a valid DNS name: " + why
                + "; expected a name such as 'db.example.com' or '*.example.com'");
    }
}
