package dev.privatelink.endpointservice.internal;

import java.time.Clock;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds one of the platform's existing endpoint services to the directory, as VERIFYING, and starts
 * its verification through the cloud: the one path for operators' registrations and configured ones.
 */
@Component
class EndpointServiceRegistrations {

    private final EndpointServices endpointServices;
    private final EndpointServiceVerification verification;
    private final Clock clock;

    EndpointServiceRegistrations(EndpointServices endpointServices, EndpointServiceVerification verification, Clock clock) {
        this.endpointServices = endpointServices;
        this.verification = verification;
        this.clock = clock;
    }

    /** Registers the service; 409 when it is registered already. Runs in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    EndpointService register(CloudProvider provider, String region, String account, String cloudResourceId) {
        if (isRegistered(provider, cloudResourceId)) {
            throw ApiException.conflict("endpoint service '" + cloudResourceId + "' is already registered");
        }
        EndpointService service = endpointServices.saveAndFlush(
                EndpointService.registered(provider, region, account, cloudResourceId, clock.instant()));
        verification.start(service);
        return service;
    }

    boolean isRegistered(CloudProvider provider, String cloudResourceId) {
        return endpointServices.findByProviderAndCloudResourceId(provider, cloudResourceId).isPresent();
    }
}
