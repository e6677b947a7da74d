package dev.privatelink.apikey.internal;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a key works. On the wire as ClickHouse Cloud writes it: {@code enabled} or {@code disabled}
 * (a revoked key is disabled for good); the names of earlier versions of this API are accepted too.
 */
public enum ApiKeyState {
    ACTIVE("enabled"), REVOKED("disabled");

    private final String wireName;

    ApiKeyState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    static ApiKeyState fromJson(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equalsIgnoreCase(value) || s.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'state' has an invalid value '" + value
                        + "'; expected enabled or disabled"));
    }
}
