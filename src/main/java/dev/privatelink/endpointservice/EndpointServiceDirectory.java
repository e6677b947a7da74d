package dev.privatelink.endpointservice;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.privatelink.cloud.CloudBackends;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.EndpointServiceCreation;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.endpointservice.internal.ConsumerRegionOffers;
import dev.privatelink.endpointservice.internal.EndpointServices;
import dev.privatelink.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides which endpoint service serves an organization in a provider and region, and remembers it.
 * An organization keeps the one it was given (its services there are grouped onto it); a new one gets
 * the least-loaded available service in the region, and where the backend can create endpoint
 * services (the sandbox), one is created on demand when the region has none.
 *
 * <p>Both facts the hot read paths need are kept in memory once known, since neither ever changes: an
 * organization's assignment (inserted once, never updated; deleted only with the organization) and an
 * endpoint service's name (what the cloud named its resource; endpoint services are never deleted).
 */
@Component
public class EndpointServiceDirectory {

    private static final int KEPT_NAMES = 10_000;

    private final EndpointServices endpointServices;
    private final CloudBackends clouds;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConsumerRegionOffers consumerRegionOffers;
    private final TransactionTemplate transaction;
    private final Cache<Assignment, String> assignedNames = Caffeine.newBuilder().maximumSize(KEPT_NAMES).build();
    private final Cache<UUID, String> serviceNames = Caffeine.newBuilder().maximumSize(KEPT_NAMES).build();

    EndpointServiceDirectory(EndpointServices endpointServices, CloudBackends clouds, JdbcClient jdbc, Clock clock,
                             ConsumerRegionOffers consumerRegionOffers, PlatformTransactionManager transactions) {
        this.endpointServices = endpointServices;
        this.transaction = new TransactionTemplate(transactions);
        this.consumerRegionOffers = consumerRegionOffers;
        this.clouds = clouds;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The endpoint service already assigned to the organization there, if any. */
    @Transactional(readOnly = true)
    public Optional<EndpointService> assigned(UUID organizationId, CloudProvider provider, String region) {
        return jdbc.sql("""
                        select endpoint_service_id from endpoint_service_assignment
                        where organization_id = :org and provider = :provider and region = :region""")
                .param("org", organizationId).param("provider", provider.wireName()).param("region", region)
                .query(UUID.class).optional()
                .flatMap(endpointServices::findById);
    }

    /**
     * The organization's endpoint service in a provider and region, assigning one when it has none.
     *
     * @throws ApiException 409 when the region has no available endpoint service and the backend cannot create one
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public EndpointService assign(UUID organizationId, CloudProvider provider, String region) {
        Optional<EndpointService> existing = assigned(organizationId, provider, region);
        if (existing.isPresent()) {
            return existing.get();
        }
        // one decision per provider and region at a time: two first requests must not create two services
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))")
                .param("key", "endpoint-service:" + provider.wireName() + ":" + region).query().singleRow();
        existing = assigned(organizationId, provider, region);
        if (existing.isPresent()) {
            return existing.get();
        }
        EndpointService chosen = leastLoaded(provider, region).orElseGet(() -> createInCloud(provider, region));
        jdbc.sql("""
                        insert into endpoint_service_assignment (organization_id, provider, region, endpoint_service_id, assigned_at)
                        values (:org, :provider, :region, :service, :now)""")
                .param("org", organizationId).param("provider", provider.wireName()).param("region", region)
                .param("service", chosen.id()).param("now", java.sql.Timestamp.from(clock.instant()))
                .update();
        return chosen;
    }

    /**
     * The name (AWS service name, Azure alias) of the organization's endpoint service in a provider and
     * region, assigning one when it has none ({@link #assign}, in a transaction of its own when none is
     * open): what its private endpoints are created against. No database round trip once known.
     *
     * @throws ApiException 409 when the region has no available endpoint service and the backend cannot create one
     */
    public String assignedServiceName(UUID organizationId, CloudProvider provider, String region) {
        Assignment key = new Assignment(organizationId, provider, region);
        String known = assignedNames.getIfPresent(key);
        if (known != null) {
            return known;
        }
        String name = transaction.execute(status -> assign(organizationId, provider, region)).serviceName();
        if (name != null) {
            assignedNames.put(key, name);
        }
        return name;
    }

    /** The name of an endpoint service, if it exists and the cloud has named it. No database round trip once known. */
    public Optional<String> serviceName(UUID endpointServiceId) {
        String known = serviceNames.getIfPresent(endpointServiceId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> name = endpointServices.findById(endpointServiceId).map(EndpointService::serviceName);
        name.ifPresent(n -> serviceNames.put(endpointServiceId, n));
        return name;
    }

    private record Assignment(UUID organizationId, CloudProvider provider, String region) {
    }

    /** Every available endpoint service of a provider: where a customer's endpoint may have connected. */
    @Transactional(readOnly = true)
    public List<EndpointService> available(CloudProvider provider) {
        return endpointServices.findByProviderAndStateOrderByCreatedAtAsc(provider, EndpointServiceState.AVAILABLE);
    }

    /**
     * Where an endpoint registered for a provider and region may have connected: the organization's
     * endpoint service there first, then every other available one of the provider (an endpoint created
     * against another region's service, or cross-region).
     */
    @Transactional(readOnly = true)
    public List<EndpointService> candidates(UUID organizationId, CloudProvider provider, String region) {
        Optional<EndpointService> own = assigned(organizationId, provider, region).filter(EndpointService::isAvailable);
        java.util.ArrayList<EndpointService> candidates = new java.util.ArrayList<>();
        own.ifPresent(candidates::add);
        available(provider).stream()
                .filter(s -> own.map(o -> !o.id().equals(s.id())).orElse(true))
                .sorted(java.util.Comparator.comparing((EndpointService s) -> !s.region().equals(region)))
                .forEach(candidates::add);
        return candidates;
    }

    /** Records that the cloud now lets consumers of {@code consumerRegion} connect to an endpoint service. */
    @Transactional
    public void recordConsumerRegion(UUID endpointServiceId, String consumerRegion) {
        endpointServices.lockById(endpointServiceId).ifPresent(s -> s.supportRegion(consumerRegion, clock.instant()));
    }

    @Transactional(readOnly = true)
    public Optional<EndpointService> find(UUID id) {
        return endpointServices.findById(id);
    }

    private Optional<EndpointService> leastLoaded(CloudProvider provider, String region) {
        return jdbc.sql("""
                        select s.id from endpoint_service s
                        left join endpoint_service_assignment a on a.endpoint_service_id = s.id
                        where s.provider = :provider and s.region = :region and s.state = 'AVAILABLE'
                        group by s.id, s.created_at
                        order by count(a.organization_id), s.created_at
                        limit 1""")
                .param("provider", provider.wireName()).param("region", region)
                .query(UUID.class).optional()
                .flatMap(endpointServices::findById);
    }

    private EndpointService createInCloud(CloudProvider provider, String region) {
        // the token names the region: a retry after a crash finds the service instead of making another
        String token = "privatelink-" + provider.wireName() + "-" + region;
        EndpointServiceCreation creation = clouds.endpointServiceCreation(provider).orElseThrow(() -> ApiException.conflict(
                "no " + provider + " endpoint service is available in region " + region
                        + "; an operator must register one (POST /v1/operator/endpointServices) before private endpoints can be used there"));
        EndpointServiceDescription description;
        try {
            description = creation.createEndpointService(null, region, token);
        } catch (CloudException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the " + provider + " endpoint service for region "
                    + region + " could not be created (" + e.code() + "); try again shortly");
        }
        EndpointService service = endpointServices.findByProviderAndCloudResourceId(provider, description.ref().cloudResourceId())
                .orElseGet(() -> endpointServices.saveAndFlush(EndpointService.created(description, clock.instant())));
        // customers get this service's name next: other regions' endpoints must be creatable against it at once
        consumerRegionOffers.offerNow(service).forEach(consumer -> recordConsumerRegion(service.id(), consumer));
        return service;
    }
}
