package dev.privatelink.reverseendpoint.model;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.ServiceDeleted;
import dev.privatelink.web.ApiException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing and deleting reverse endpoints, with seed 001's rules: an endpoint belongs to one
 * service (in the platform region that serves it), reaches one target that the service has no other
 * endpoint to, and only {@code VPC_ENDPOINT_SERVICE} crosses regions. Callers hold the service's row
 * lock, so concurrent requests for one service apply one after the other; every request is checked
 * whole before anything changes.
 */
@Component
public class ReverseEndpointChanges {

    private final ReverseEndpoints endpoints;
    private final ReverseEndpointRuns runs;
    private final ReverseEndpointProperties properties;
    private final Clock clock;

    ReverseEndpointChanges(ReverseEndpoints endpoints, ReverseEndpointRuns runs, ReverseEndpointProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.runs = runs;
        this.properties = properties;
        this.clock = clock;
    }

    /** The platform region serving a service, or a 400 saying why the service cannot have reverse endpoints. */
    public String platformRegion(DatabaseService service) {
        if (service.provider() != CloudProvider.AWS) {
            throw ApiException.badRequest("reverse private endpoints reach into AWS networks; service '" + service.name()
                    + "' runs on " + service.provider() + " in " + service.region());
        }
        String region = properties.platformRegion(service.region());
        if (!properties.supports(region)) {
            throw ApiException.badRequest("reverse private endpoints are offered where ClickPipes runs ("
                    + String.join(", ", new TreeSet<>(properties.supportedRegions())) + "); service '" + service.name()
                    + "' in " + service.region() + " is served from " + region + ", which is not one of them");
        }
        return region;
    }

    /**
     * A new endpoint, {@code Provisioning}, whose creation workflow starts when the caller's transaction commits.
     *
     * @param target         checked by {@link ReverseTarget#of}
     * @param customDnsNames checked by {@link CustomDnsNames#check}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ReverseEndpoint create(DatabaseService service, String description, ReverseTarget target, List<String> customDnsNames) {
        String region = platformRegion(service);
        requireRegion(target, region);
        requireDnsNamesAllowed(target.type(), customDnsNames);
        endpoints.findLive(service.id(), target.key(), ReverseEndpointStatus.DELETING).ifPresent(existing -> {
            throw ApiException.conflict("service '" + service.id() + "' already has a reverse private endpoint to this target: "
                    + existing.id() + " (" + existing.status() + "); the pipes of a service share one endpoint per target"
                    + (existing.status() == ReverseEndpointStatus.READY ? "" : ", delete it first to create it again"));
        });
        requireUniqueInService(service, null, customDnsNames);
        ReverseEndpoint endpoint = endpoints.saveAndFlush(ReverseEndpoint.create(service.organizationId(), service.id(),
                description, target, region, customDnsNames, clock.instant()));
        runs.create(endpoint);
        return endpoint;
    }

    /**
     * Replaces the endpoint's custom private DNS names ({@code []} clears them); the records follow once
     * it is Ready. An endpoint being deleted takes only {@code []} (its records are going anyway).
     *
     * @param endpoint row-locked by the caller
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ReverseEndpoint replaceDnsNames(DatabaseService service, ReverseEndpoint endpoint, List<String> names) {
        if (endpoint.status() == ReverseEndpointStatus.DELETING) {
            if (!names.isEmpty()) {
                throw ApiException.conflict("reverse private endpoint '" + endpoint.id() + "' is being deleted; its custom "
                        + "private DNS names cannot change any more");
            }
            return endpoint;
        }
        requireDnsNamesAllowed(endpoint.type(), names);
        requireUniqueInService(service, endpoint, names);
        if (names.equals(endpoint.customDnsNames())) {
            return endpoint;
        }
        endpoint.customDnsNames(names, clock.instant());
        endpoints.save(endpoint);
        if (endpoint.status() == ReverseEndpointStatus.READY) {
            runs.syncDns(endpoint);
        }
        return endpoint;
    }

    /**
     * Deletes the endpoint: {@code Deleting} now, gone once the cloud has deleted it. Deleting one that
     * is being deleted changes nothing, unless its deletion was stopped (cancelled by the operator, or
     * stuck): then it resumes.
     *
     * @param endpoint row-locked by the caller
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void delete(ReverseEndpoint endpoint) {
        if (endpoint.status() == ReverseEndpointStatus.DELETING) {
            if (!runs.deleting(endpoint)) {
                endpoint.deletionResumed("deleted again by its owner", clock.instant());
                endpoints.save(endpoint);
                runs.resumeDeletion(endpoint);
            }
            return;
        }
        endpoint.deleting(clock.instant());
        endpoints.save(endpoint);
        runs.delete(endpoint);
    }

    /** A deleted service's reverse endpoints are deleted with it, in the same transaction. */
    @EventListener
    void on(ServiceDeleted deleted) {
        for (ReverseEndpoint endpoint : endpoints.findByServiceIdOrderByCreatedAtAscIdAsc(deleted.serviceId())) {
            endpoints.lockById(endpoint.id()).ifPresent(this::delete);
        }
    }

    private static void requireRegion(ReverseTarget target, String platformRegion) {
        if (target.region().equals(platformRegion)) {
            return;
        }
        if (!target.type().crossesRegions()) {
            String what = target.type() == ReverseEndpointType.VPC_RESOURCE ? "the resource share (vpcResourceShareArn)"
                    : "the MSK cluster (mskClusterArn)";
            throw ApiException.badRequest(target.type() + " works only in the platform region that serves this service ("
                    + platformRegion + "), but " + what + " is in " + target.region() + ". Only VPC_ENDPOINT_SERVICE works "
                    + "across regions: put a VPC endpoint service with cross-region access (supported region "
                    + platformRegion + ") in front of the source, or use a source in " + platformRegion);
        }
        if (!CloudRegions.crossRegionAllowed(CloudProvider.AWS, platformRegion, target.region())) {
            throw ApiException.badRequest("vpcEndpointServiceName is in " + target.region() + "; cross-region PrivateLink from "
                    + platformRegion + " (the platform region serving this service) to " + target.region()
                    + " is not offered by AWS");
        }
    }

    private static void requireDnsNamesAllowed(ReverseEndpointType type, List<String> names) {
        if (type == ReverseEndpointType.MSK_MULTI_VPC && !names.isEmpty()) {
            throw ApiException.badRequest("customPrivateDnsMappings are not supported for MSK_MULTI_VPC: MSK resolves its "
                    + "brokers' names in the platform's VPC itself (privateDnsNames)");
        }
    }

    /** A custom name serves one endpoint of a service: the pipes of the service must know where it leads. */
    private void requireUniqueInService(DatabaseService service, ReverseEndpoint changed, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (ReverseEndpoint other : endpoints.findByServiceIdOrderByCreatedAtAscIdAsc(service.id())) {
            if (changed != null && other.id().equals(changed.id())) {
                continue;
            }
            Stream.concat(other.customDnsNames().stream(), other.appliedDnsNames().stream())
                    .filter(n -> wanted.contains(n.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .ifPresent(taken -> {
                        throw ApiException.conflict("private DNS name '" + taken + "' is already mapped to reverse private "
                                + "endpoint " + other.id() + " of this service; a name leads to one endpoint per service");
                    });
        }
    }

    /** The target fields of a request by their wire names, for {@link ReverseTarget#of}. */
    public static Map<String, String> fields(String vpcEndpointServiceName, String vpcResourceConfigurationId,
                                             String vpcResourceShareArn, String mskClusterArn, String mskAuthentication,
                                             String gcpServiceAttachment) {
        java.util.LinkedHashMap<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("vpcEndpointServiceName", vpcEndpointServiceName);
        fields.put("vpcResourceConfigurationId", vpcResourceConfigurationId);
        fields.put("vpcResourceShareArn", vpcResourceShareArn);
        fields.put("mskClusterArn", mskClusterArn);
        fields.put("mskAuthentication", mskAuthentication);
        fields.put("gcpServiceAttachment", gcpServiceAttachment);
        return fields;
    }
}
