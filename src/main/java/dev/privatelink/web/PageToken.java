package dev.privatelink.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Keyset paging: a list is ordered by (createdAt, id) and the token names the last item of the
 * previous page, so pages stay stable while items are added.
 */
public record PageToken(Instant createdAt, String id) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Before every item: where the first page starts. */
    public static final PageToken FIRST = new PageToken(Instant.parse("1970-01-01T00:00:00Z"),
            "00000000-0000-0000-0000-000000000000");

    public java.util.UUID uuid() {
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("pageToken is not a token this API issued for this list");
        }
    }

    public String encode() {
        String raw = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a caller's token; {@code null} or blank means the first page. */
    public static PageToken decode(String token) {
        if (token == null || token.isBlank()) {
            return FIRST;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            Instant createdAt = Instant.parse(raw.substring(0, bar));
            if (createdAt.isBefore(FIRST.createdAt()) || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("outside the range of any record"); // a forged token
            }
            String id = raw.substring(bar + 1);
            if (id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("no id of ours holds a control character"); // a forged token
            }
            return new PageToken(createdAt, id);
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw ApiException.badRequest("pageToken '" + token + "' is not a token this API issued");
        }
    }

    /** Validates a requested page size: 1 to 1000, 100 when absent. */
    public static int pageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (requested < 1 || requested > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", got " + requested);
        }
        return requested;
    }
}
