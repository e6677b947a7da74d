package dev.privatelink.service;

import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;

/** A service was deleted (with its allow list), in the transaction that deleted it. */
public record ServiceDeleted(UUID serviceId, UUID organizationId, CloudProvider provider, String region) {
}
