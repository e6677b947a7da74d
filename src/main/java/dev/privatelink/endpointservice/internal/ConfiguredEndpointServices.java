package dev.privatelink.endpointservice.internal;

import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.EndpointServiceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, registers the endpoint services named in the real clouds' configuration
 * ({@code privatelink.clouds.aws.regions.*.endpoint-service-ids},
 * {@code privatelink.clouds.azure.regions.*.private-link-service-ids}) that the directory does not
 * know yet, exactly as an operator's registration would. Services are never removed from here:
 * taking one out of the configuration does not take it away from the customers assigned to it.
 */
@Component
@Profile("!bootstrap-command") // the one-off bootstrap command only creates the first organization and keys
class ConfiguredEndpointServices implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredEndpointServices.class);

    private final CloudBackends clouds;
    private final EndpointServiceRegistrations registrations;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final ConsumerRegionOffers consumerRegionOffers;

    ConfiguredEndpointServices(CloudBackends clouds, EndpointServiceRegistrations registrations,
                               TransactionTemplate transaction, JdbcClient jdbc, ConsumerRegionOffers consumerRegionOffers) {
        this.consumerRegionOffers = consumerRegionOffers;
        this.clouds = clouds;
        this.registrations = registrations;
        this.transaction = transaction;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (CloudEndpointServices cloud : clouds.allEndpointServices()) {
            for (EndpointServiceRef ref : cloud.configuredEndpointServices()) {
                transaction.executeWithoutResult(status -> registerIfAbsent(ref));
            }
        }
        // services enrolled before their regions were offered, or whose regions the cloud refused then
        transaction.executeWithoutResult(status -> {
            lock();
            consumerRegionOffers.startWhereMissing();
        });
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('privatelink-configured-endpoint-services'))").query().singleRow();
    }

    private void registerIfAbsent(EndpointServiceRef ref) {
        lock(); // replicas starting together must not register the same service twice
        if (!registrations.isRegistered(ref.provider(), ref.cloudResourceId())) {
            registrations.register(ref.provider(), ref.region(), ref.account(), ref.cloudResourceId());
            log.info("Registered the configured {} endpoint service {} in {}", ref.provider(), ref.cloudResourceId(), ref.region());
        }
    }
}
