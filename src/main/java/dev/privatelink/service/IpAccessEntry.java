package dev.privatelink.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An address or range allowed to reach a service's public side, in ClickHouse Cloud's shape
 * ({@code IpAccessListEntry}). Kept and shown on reads; not yet enforced.
 */
@Schema(name = "IpAccessListEntry", description = "An address or range allowed to reach the service's public side.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpAccessEntry(
        @Schema(description = "IP or CIDR, e.g. 203.0.113.7 or 0.0.0.0/0 (anywhere)", example = "0.0.0.0/0")
        @NotBlank @Size(max = 100) String source,
        @Schema(description = "Optional description", example = "Anywhere") @Size(max = 255) String description) {

    /** Whether this entry is for the same address or range as another (what a removal matches). */
    public boolean sameSource(IpAccessEntry other) {
        return source.strip().equalsIgnoreCase(other.source().strip());
    }
}
