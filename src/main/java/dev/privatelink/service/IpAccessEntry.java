package dev.privatelink.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An address or range allowed to reach a service's public side, in ClickHouse Cloud's shape
 * ({@code IpAccessListEntry}). Enforced by the data plane (the feed carries the list) while the service's
 * public endpoint is on.
 */
@Schema(name = "IpAccessListEntry", description = "An address or range allowed to reach the service's public side.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpAccessEntry(
        @Schema(description = "An IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::/32; "
                + "0.0.0.0/0 (or ::/0) means anywhere", example = "0.0.0.0/0")
        @NotBlank @Size(max = 100) String source,
        @Schema(description = "Optional description", example = "Anywhere") @Size(max = 255) String description) {

    /** Whether this entry is for the same address or range as another (what a removal matches). */
    public boolean sameSource(IpAccessEntry other) {
        return source.strip().equalsIgnoreCase(other.source().strip());
    }

    /**
     * Checks every entry's source.
     *
     * @param field the list's name in the request, e.g. {@code ipAccessList.add}
     * @throws ApiException 400 naming the first entry whose source is not an address or range, and why
     */
    public static void requireValid(List<IpAccessEntry> entries, String field) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                IpSource.parse(entries.get(i).source());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field + "[" + i + "].source '" + entries.get(i).source()
                        + "' is not an IP address or CIDR range: " + e.getMessage());
            }
        }
    }
}
