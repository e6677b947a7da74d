package dev.privatelink.service;

import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/** A service was created, in the transaction that created it (organization-wide private endpoints now reach it). */
public record ServiceCreated(UUID serviceId, UUID organizationId, CloudProvider provider, String region, Tier tier,
                             Instant at) {
}
