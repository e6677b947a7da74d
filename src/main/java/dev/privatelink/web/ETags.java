package dev.privatelink.web;

import java.util.Arrays;

/**
 * Entity tags from a row's version, and the {@code If-Match} check of a conditional update: a caller
 * that read version N changes the resource only if it is still at N (otherwise 412).
 */
public final class ETags {

    private ETags() {
    }

    /** A strong tag for a version: {@code "7"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Refuses the update unless {@code ifMatch} is absent, {@code *}, or names the current version.
     *
     * @throws ApiException 412 when the resource has changed since the caller read it
     */
    public static void requireMatch(String ifMatch, long currentVersion, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return;
        }
        String current = of(currentVersion);
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(current::equals);
        if (!matches) {
            throw ApiException.preconditionFailed(what + " has changed since you read it (now ETag " + current
                    + ", If-Match was " + ifMatch.strip() + "); read it again and retry");
        }
    }

    /** Whether an {@code If-None-Match} header names this tag (or {@code *}). */
    public static boolean noneMatchHits(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(tag));
    }
}
