package dev.privatelink.reverseendpoint;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a reverse private endpoint stands, in ClickHouse's words (its {@code ReversePrivateEndpoint.status}
 * enum; {@code Unknown} is never ours). Which status may follow which is the endpoint's transition table
 * ({@code reverseendpoint.model.Transition}).
 */
public enum ReverseEndpointStatus {
    /** Being created in the platform's VPC, or accepted and still being wired. */
    PROVISIONING("Provisioning"),
    /** Waiting for the owner of the customer's endpoint service to accept the connection. */
    PENDING_ACCEPTANCE("PendingAcceptance"),
    READY("Ready"),
    FAILED("Failed"),
    /** The owner of the customer's endpoint service rejected the connection. */
    REJECTED("Rejected"),
    /** Never accepted before the deadline. */
    EXPIRED("Expired"),
    /** Being removed; gone (404) once the cloud has deleted it. */
    DELETING("Deleting");

    private final String wireName;

    ReverseEndpointStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether its creation is still under way. */
    public boolean isInProgress() {
        return this == PROVISIONING || this == PENDING_ACCEPTANCE;
    }

    public static Optional<ReverseEndpointStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(value)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
