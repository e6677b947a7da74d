package dev.privatelink.endpoint.setup;

import java.util.Arrays;
import java.util.Optional;

import dev.privatelink.cloud.CloudProvider;

/** What the customer sets their side up with: a cloud's CLI, or Terraform (for either cloud). */
public enum SetupTool {
    AWS_CLI("aws-cli"), TERRAFORM("terraform"), AZURE_CLI("azure-cli");

    private final String wireName;

    SetupTool(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether it sets up endpoints of this cloud: each CLI its own, Terraform both. */
    public boolean serves(CloudProvider provider) {
        return switch (this) {
            case AWS_CLI -> provider == CloudProvider.AWS;
            case AZURE_CLI -> provider == CloudProvider.AZURE;
            case TERRAFORM -> true;
        };
    }

    /** The tool for a wire name ({@code aws-cli}, {@code terraform}, {@code azure-cli}), any case. */
    public static Optional<SetupTool> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(value.strip())).findFirst();
    }
}
