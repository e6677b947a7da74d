package dev.privatelink.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.web.internal.RequestIds;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The success envelope of every API response, as in the seeds and ClickHouse Cloud's API:
 * {@code {"status":200,"requestId":"…","result":…}}. Every success is 200 (ClickHouse's clients treat
 * any other status as a failure), creations included. A list asked for in pages puts the token for
 * the next page beside {@code result} (so {@code jq '.result[]'} works either way).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope<T>(
        @Schema(description = "The HTTP status: 200", example = "200") int status,
        @Schema(description = "The request's id (a UUID unless the caller sent its own X-Request-Id); also in the "
                + "X-Request-Id header and in every log line of the request", example = "6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f")
        String requestId,
        T result,
        @Schema(description = "Only on a page asked for with pageSize when more items follow: the pageToken of the next page")
        String nextPageToken) {

    public static <T> Envelope<T> ok(T result) {
        return new Envelope<>(200, RequestIds.current(), result, null);
    }

    public static <T> Envelope<T> page(T items, String nextPageToken) {
        return new Envelope<>(200, RequestIds.current(), items, nextPageToken);
    }
}
