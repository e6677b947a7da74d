package dev.privatelink.endpointservice;

/** Where one of the platform's endpoint services stands. */
public enum EndpointServiceState {
    /** Registered by an operator; the cloud has not confirmed it yet. */
    VERIFYING,
    /** Confirmed by the cloud: customers' endpoints may connect to it. */
    AVAILABLE,
    /** The cloud does not know it or it cannot take connections. */
    FAILED
}
