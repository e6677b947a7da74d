package dev.privatelink.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.web.internal.RequestIds;

/**
 * The success envelope of every API response, as in the seeds: {@code {"status":200,"requestId":"…","result":…}}.
 * Paged lists put their items in {@code result} (so {@code jq '.result[]'} works) and the token for the
 * next page beside it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope<T>(int status, String requestId, T result, String nextPageToken) {

    public static <T> Envelope<T> of(int status, T result) {
        return new Envelope<>(status, RequestIds.current(), result, null);
    }

    public static <T> Envelope<T> ok(T result) {
        return of(200, result);
    }

    public static <T> Envelope<T> page(T items, String nextPageToken) {
        return new Envelope<>(200, RequestIds.current(), items, nextPageToken);
    }
}
