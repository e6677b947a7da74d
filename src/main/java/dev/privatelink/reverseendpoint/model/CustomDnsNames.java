package dev.privatelink.reverseendpoint.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.privatelink.web.ApiException;

/**
 * The rule for {@code customPrivateDnsMappings}: exact names or a leading wildcard ({@code *.example.com}),
 * each a valid DNS name, no name twice (compared without regard to case, as DNS does). Names are kept
 * exactly as sent: clients compare the list they read with the one they sent.
 */
public final class CustomDnsNames {

    /** Enough for every source of a service's pipes; Route 53 takes a change batch of this size in one go. */
    public static final int MAX = 50;

    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private CustomDnsNames() {
    }

    /** The names, checked; a 400 naming the offending entry otherwise. */
    public static List<String> check(List<String> names) {
        if (names.size() > MAX) {
            throw ApiException.badRequest("customPrivateDnsMappings holds " + names.size() + " names; at most " + MAX);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = "customPrivateDnsMappings[" + i + "].privateDnsName";
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest(field + " is required");
            }
            if (name.length() > 253 || !NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                throw ApiException.badRequest(field + " '" + name + "' is not a DNS name: labels of letters, digits and "
                        + "hyphens, at least two, optionally starting with the wildcard '*.' (e.g. kafka.example.com, *.example.com)");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw ApiException.badRequest(field + " '" + name + "' is listed twice");
            }
        }
        return List.copyOf(names);
    }
}
