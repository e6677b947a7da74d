package dev.privatelink.sandbox.model;

import java.time.Instant;

import dev.privatelink.cloud.ConnectionState;
import dev.privatelink.cloud.MskVpcConnections.MskVpcConnection;

/**
 * An MSK multi-VPC connection from the platform's VPC to a customer's cluster: {@code CREATING}, then
 * {@code AVAILABLE} once the reverse-endpoint latency has passed; a deleted one is {@code DELETING}
 * and then gone. Timed states are derived from {@code stateChangedAt} and the clock.
 */
public record SandboxMskConnection(
        String vpcConnectionArn,
        String clusterArn,
        String region,
        String ownerId,
        String authentication,
        String clientToken,
        String state,
        Instant stateChangedAt,
        Instant createdAt) {

    static final String CREATING = "CREATING";
    static final String AVAILABLE = "AVAILABLE";
    static final String DELETING = "DELETING";

    public static SandboxMskConnection create(String arn, String clusterArn, String region, String owner,
                                              String authentication, String clientToken, Instant now) {
        return new SandboxMskConnection(arn, clusterArn, region, owner, authentication, clientToken, CREATING, now, now);
    }

    public String cloudState(Instant now, SandboxSettings.Latency latency) {
        if (state.equals(CREATING) && !now.isBefore(stateChangedAt.plus(latency.reverseEndpoint()))) {
            return AVAILABLE;
        }
        return state;
    }

    /** Deleted and past the delete latency: MSK no longer knows it. */
    public boolean isGone(Instant now, SandboxSettings.Latency latency) {
        return state.equals(DELETING) && !now.isBefore(stateChangedAt.plus(latency.delete()));
    }

    public SandboxMskConnection delete(Instant now) {
        return state.equals(DELETING) ? this
                : new SandboxMskConnection(vpcConnectionArn, clusterArn, region, ownerId, authentication, clientToken,
                DELETING, now, createdAt);
    }

    public MskVpcConnection toPort(Instant now, SandboxSettings.Latency latency) {
        return toPort(cloudState(now, latency));
    }

    /** As CreateVpcConnection answers: {@code CREATING}. */
    public MskVpcConnection asCreated() {
        return toPort(state);
    }

    private MskVpcConnection toPort(String cloudState) {
        return new MskVpcConnection(vpcConnectionArn, clusterArn, cloudState, ConnectionState.ofMsk(cloudState));
    }
}
