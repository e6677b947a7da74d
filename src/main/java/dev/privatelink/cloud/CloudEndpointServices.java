package dev.privatelink.cloud;

import java.util.List;

/**
 * The platform's published endpoint services in one provider (AWS VPC endpoint services, Azure
 * Private Link Services): observed through the cloud. Creating one, letting other regions connect and
 * verifying a private DNS name are capabilities some backends have ({@link EndpointServiceCreation},
 * {@link CrossRegionConsumers}, {@link PrivateDnsNameVerification}); {@link CloudBackends} says which.
 *
 * <p>Every method is a single, idempotent, non-blocking call (no waiting for the cloud to settle:
 * workflows re-check later). Failures are {@link CloudException}s classified by {@link CloudErrorKind}.
 */
public interface CloudEndpointServices {

    CloudProvider provider();

    /** A short name for logs and status: {@code sandbox}, {@code aws-sdk}, {@code azure-sdk}. */
    String backendName();

    /**
     * The platform's existing endpoint services named in this backend's configuration; the endpoint
     * service directory registers (and verifies) those it does not know yet at start-up. Empty for
     * backends that create their own (the sandbox).
     */
    default List<EndpointServiceRef> configuredEndpointServices() {
        return List.of();
    }

    /** Describes an existing endpoint service; {@link CloudErrorKind#NOT_FOUND} when there is none. */
    EndpointServiceDescription describeEndpointService(EndpointServiceRef ref);
}
