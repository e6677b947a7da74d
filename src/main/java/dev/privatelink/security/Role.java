package dev.privatelink.security;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What an API key may do. Accepted in any case on input. */
public enum Role {
    /** Reads and writes everything in its organization. */
    ADMIN,
    /** Reads everything in its organization, writes nothing. */
    DEVELOPER,
    /** Platform-wide: creates organizations and keys, manages platform resources, reads everything. */
    OPERATOR;

    @JsonCreator
    static Role fromJson(String value) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'role' has an invalid value '" + value
                        + "'; expected one of [ADMIN, DEVELOPER, OPERATOR] (any case)"));
    }
}
