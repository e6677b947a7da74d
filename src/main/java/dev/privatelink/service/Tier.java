package dev.privatelink.service;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A service's tier; Azure Private Link is offered for {@link #PRODUCTION} services only. On the wire
 * in lower case as ClickHouse Cloud writes it ({@code production}); accepted in any case, so the
 * upper-case values of earlier versions of this API keep working.
 */
public enum Tier {
    PRODUCTION, DEVELOPMENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Tier fromJson(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'tier' has an invalid value '" + value
                        + "'; expected one of [production, development] (any case)"));
    }
}
