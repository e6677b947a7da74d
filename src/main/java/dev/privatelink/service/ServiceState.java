package dev.privatelink.service;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a customer's database service, as the data plane reports it. */
public enum ServiceState {
    RUNNING, STOPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
