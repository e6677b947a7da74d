package dev.privatelink.cloud;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The clouds the platform runs in. On the wire they are lower case, as in the seeds: {@code aws}, {@code azure}. */
public enum CloudProvider {
    AWS, AZURE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider for a wire name, any case; empty for anything else. */
    public static Optional<CloudProvider> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equalsIgnoreCase(value)).findFirst();
    }

    @JsonCreator
    static CloudProvider fromJson(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "cloudProvider '" + value + "' is not supported; expected 'aws' or 'azure'"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
