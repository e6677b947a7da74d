package dev.privatelink.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A tag on a service, in ClickHouse Cloud's shape ({@code ResourceTagsV1}); the services list filters on them. */
@Schema(name = "ResourceTag", description = "A tag: letters, digits, dots, dashes and underscores.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceTag(
        @Schema(example = "Environment", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Size(max = 128) @Pattern(regexp = "[a-zA-Z0-9._-]+") String key,
        @Schema(example = "staging") @Size(max = 256) @Pattern(regexp = "[a-zA-Z0-9._-]*") String value) {
}
