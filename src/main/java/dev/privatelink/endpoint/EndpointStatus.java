package dev.privatelink.endpoint;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a registered private endpoint stands; on the wire in the words users see ({@code Ready}, …).
 * Which status may follow which is the registration's transition table
 * ({@code endpoint.registration.Transition}).
 */
public enum EndpointStatus {
    PROVISIONING("Provisioning"),
    /** No connection from this endpoint on our endpoint service yet. */
    WAITING_FOR_CONNECTION("WaitingForConnection"),
    /** Azure: connected, waits to be put on a PRODUCTION service's allow list before it is approved. */
    PENDING_ACCEPTANCE("PendingAcceptance"),
    READY("Ready"),
    REJECTED("Rejected"),
    FAILED("Failed"),
    /** Never connected before the deadline. */
    EXPIRED("Expired"),
    DELETING("Deleting");

    private final String wireName;

    EndpointStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether the registration's workflow has finished with it (nothing more will happen by itself). */
    public boolean isSettled() {
        return this == READY || this == REJECTED || this == FAILED || this == EXPIRED;
    }

    /** Whether its registration workflow is still finding, accepting or waiting for the connection. */
    public boolean isInProgress() {
        return this == PROVISIONING || this == WAITING_FOR_CONNECTION || this == PENDING_ACCEPTANCE;
    }

    public static Optional<EndpointStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(value)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
