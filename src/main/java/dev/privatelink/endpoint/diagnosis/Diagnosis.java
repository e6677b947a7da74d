package dev.privatelink.endpoint.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpoint.provisioning.ConnectionListings;
import dev.privatelink.endpoint.registration.AllowLists;
import dev.privatelink.endpoint.registration.Eligibility;
import dev.privatelink.endpoint.registration.EndpointRegistration;
import dev.privatelink.endpoint.registration.EndpointRegistrations;
import dev.privatelink.endpoint.registration.ServiceHostnames;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.organization.Organization;
import dev.privatelink.service.DatabaseService;
import org.springframework.stereotype.Component;

/**
 * The troubleshooting sections of the PrivateLink guides, run automatically for one endpoint id and
 * one service: each check says PASS, WARN or FAIL, what it saw, and what to do about it. The same
 * checks run whether or not the id is registered, so a support engineer sees in one answer that an
 * endpoint is connected to our endpoint service but was never registered.
 */
@Component
public class Diagnosis {

    public enum Result { PASS, WARN, FAIL }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String check, Result result, String detail, String remedy) {
    }

    /** What the cloud says about the endpoint's connection, or why it could not be asked. */
    private record Lookup(EndpointService target, EndpointConnection connection, CloudException failure) {
    }

    private final EndpointRegistrations endpoints;
    private final AllowLists allowLists;
    private final EndpointServiceDirectory directory;
    private final ConnectionListings listings;
    private final ServiceHostnames dnsNames;

    Diagnosis(EndpointRegistrations endpoints, AllowLists allowLists, EndpointServiceDirectory directory,
              ConnectionListings listings, ServiceHostnames dnsNames) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
        this.directory = directory;
        this.listings = listings;
        this.dnsNames = dnsNames;
    }

    /** Runs every check for an endpoint id already validated for the service's provider. */
    public List<Check> run(Organization organization, DatabaseService service, String endpointId) {
        Optional<EndpointRegistration> registered = endpoints.findRegistered(organization.id(), service.provider(), endpointId);
        Lookup lookup = lookUp(organization, service, endpointId, registered.orElse(null));
        List<Check> checks = new ArrayList<>();
        checks.add(registration(organization, endpointId, registered.orElse(null), lookup));
        checks.add(allowList(service, endpointId, registered.orElse(null)));
        checks.add(connection(endpointId, registered.orElse(null), service, lookup));
        checks.add(region(registered.map(EndpointRegistration::region).orElseGet(() -> connectedFrom(lookup)), service));
        checks.add(eligibility(organization, service, registered.isPresent()));
        checks.add(dns(service, endpointId));
        if (service.provider() == CloudProvider.AWS) {
            checks.add(ports());
        }
        return checks;
    }

    /** Where a connected endpoint lives: the cloud says so for cross-region ones, else it is the endpoint service's region. */
    private static String connectedFrom(Lookup lookup) {
        if (lookup.connection() == null) {
            return null;
        }
        return lookup.connection().endpointRegion() != null ? lookup.connection().endpointRegion() : lookup.target().region();
    }

    /** The endpoint service the registration connected to, else the one the service's privateEndpointConfig names. */
    private Lookup lookUp(Organization organization, DatabaseService service, String endpointId, EndpointRegistration endpoint) {
        Optional<EndpointService> target = Optional.ofNullable(endpoint).map(EndpointRegistration::endpointServiceId)
                .flatMap(directory::find)
                .or(() -> directory.assigned(organization.id(), service.provider(), service.region()))
                .filter(EndpointService::isAvailable);
        if (target.isEmpty()) {
            return new Lookup(null, null, null);
        }
        try {
            // not the batched listing: an endpoint created a moment ago must show
            return new Lookup(target.get(), listings.currentConnections(target.get()).stream()
                    .filter(c -> c.matches(endpointId)).findFirst().orElse(null), null);
        } catch (CloudException e) {
            return new Lookup(target.get(), null, e);
        }
    }

    private static Check registration(Organization organization, String endpointId, EndpointRegistration endpoint, Lookup lookup) {
        String register = "PATCH /v1/organizations/" + organization.id()
                + " with privateEndpoints.add, or add it to the service's privateEndpointIds";
        if (endpoint == null) {
            return new Check("registeredInOrganization", Result.FAIL, endpointId + " is not registered in the organization"
                    + (lookup.connection() != null ? ", although it is connected to our endpoint service" : ""), register);
        }
        String detail = endpoint.endpointId() + " is registered for " + endpoint.region() + " (status " + endpoint.status()
                + (endpoint.statusMessage() == null ? "" : ": " + endpoint.statusMessage()) + ")";
        return switch (endpoint.status()) {
            case FAILED, EXPIRED, REJECTED -> new Check("registeredInOrganization", Result.FAIL, detail,
                    "fix the cause, then remove it and register it again (privateEndpoints.remove and .add in one PATCH)");
            case DELETING -> new Check("registeredInOrganization", Result.FAIL, detail + "; it is being removed", register);
            default -> new Check("registeredInOrganization", Result.PASS, detail, null);
        };
    }

    private Check allowList(DatabaseService service, String endpointId, EndpointRegistration endpoint) {
        if (endpoint != null && allowLists.services(endpoint.id()).contains(service.id())) {
            return new Check("onServiceAllowList", Result.PASS, "the endpoint is on the allow list of service '" + service.name() + "'", null);
        }
        return new Check("onServiceAllowList", Result.FAIL, "the endpoint is not on the allow list of service '" + service.name()
                + "': connections are reset by the peer (\"connection reset by peer\")",
                "PATCH the service with {\"privateEndpointIds\": {\"add\": [\"" + endpointId + "\"]}}");
    }

    private static Check connection(String endpointId, EndpointRegistration endpoint, DatabaseService service, Lookup lookup) {
        if (lookup.target() == null) {
            return new Check("connectionState", Result.FAIL, "no endpoint service is assigned for " + service.region()
                    + " yet", "read the service's privateEndpointConfig and create the endpoint against its endpointServiceId");
        }
        if (lookup.failure() != null) {
            return new Check("connectionState", Result.WARN, "the cloud could not be asked now (" + lookup.failure().code() + ")",
                    "try again shortly");
        }
        String serviceName = lookup.target().serviceName();
        if (lookup.connection() == null) {
            boolean crossRegion = endpoint != null && !endpoint.region().equals(service.region());
            return new Check("connectionState", Result.FAIL, "no connection from " + endpointId + " on endpoint service " + serviceName,
                    "create the endpoint against " + serviceName + (crossRegion ? " with service region " + service.region() : ""));
        }
        EndpointConnection c = lookup.connection();
        return switch (c.state()) {
            case AVAILABLE -> new Check("connectionState", Result.PASS, "the connection is " + c.cloudState(), null);
            case PENDING_ACCEPTANCE, PENDING -> new Check("connectionState", Result.WARN, "the connection is " + c.cloudState()
                    + (endpoint == null ? "" : " (registration status " + endpoint.status() + ")"), pendingRemedy(endpoint, service));
            case REJECTED -> new Check("connectionState", Result.FAIL, "the connection was rejected (" + c.cloudState() + ")",
                    "delete the endpoint, create a new one against " + serviceName + " and register it");
            default -> new Check("connectionState", Result.FAIL, "the connection is " + c.cloudState(),
                    "delete the endpoint, create a new one against " + serviceName + " and register it");
        };
    }

    private static String pendingRemedy(EndpointRegistration endpoint, DatabaseService service) {
        if (endpoint == null) {
            return "register the endpoint: connections are accepted only for registered endpoints";
        }
        return Eligibility.approvalNeedsAllowList(endpoint.provider())
                ? "add the endpoint to a PRODUCTION service's allow list to have it approved"
                : "wait a few seconds; it is being accepted";
    }

    private static Check region(String endpointRegion, DatabaseService service) {
        if (endpointRegion == null) {
            return new Check("region", Result.WARN, "the endpoint's region is not known until it is registered or connected",
                    "register it with the region it was created in");
        }
        if (endpointRegion.equals(service.region())) {
            return new Check("region", Result.PASS, "endpoint and service are both in " + service.region(), null);
        }
        if (CloudRegions.crossRegionAllowed(service.provider(), endpointRegion, service.region())) {
            return new Check("region", Result.WARN, "cross-region: endpoint in " + endpointRegion + ", service in "
                    + service.region() + " (allowed; the cloud charges for cross-region data transfer)",
                    service.provider() == CloudProvider.AWS ? "create the endpoint with the service region " + service.region() : null);
        }
        return new Check("region", Result.FAIL, "endpoint in " + endpointRegion + ", service in " + service.region()
                + ": cross-region PrivateLink is offered only between these regions: "
                + String.join(", ", new java.util.TreeSet<>(CloudRegions.awsCrossRegionSources())),
                "create an endpoint in " + service.region());
    }

    /**
     * AWS needs SCALE or ENTERPRISE, Azure a PRODUCTION service. An organization moved down to BASIC
     * keeps its registered AWS endpoints working (a plan change does not cut traffic) but cannot register
     * or allow-list new ones: that is a WARN for a registered endpoint and a FAIL for a new one.
     */
    private static Check eligibility(Organization organization, DatabaseService service, boolean registered) {
        if (!Eligibility.planAllows(organization.plan(), service.provider())) {
            return registered
                    ? new Check("planAndTier", Result.WARN, "the organization is on the " + organization.plan() + " plan: this "
                    + "registered endpoint keeps working, but no AWS endpoints can be registered or added to allow lists on "
                    + organization.plan(), "move the organization to the SCALE or ENTERPRISE plan to change its AWS private endpoints")
                    : new Check("planAndTier", Result.FAIL, Eligibility.planRefusal(organization),
                    "move the organization to the SCALE or ENTERPRISE plan");
        }
        if (!Eligibility.tierAllows(service.provider(), service.tier())) {
            return new Check("planAndTier", Result.FAIL, Eligibility.tierRefusal(service), "use a PRODUCTION service");
        }
        return new Check("planAndTier", Result.PASS, "plan " + organization.plan() + ", tier " + service.tier() + " are eligible", null);
    }

    private Check dns(DatabaseService service, String endpointId) {
        String hostname = dnsNames.hostname(service);
        if (service.provider() == CloudProvider.AWS) {
            return new Check("dns", Result.WARN, "connect to " + hostname + "; inside your VPC it must resolve to the private IPs "
                    + "of the VPC endpoint's network interfaces (point it at the endpoint's DNS name, e.g. with a CNAME "
                    + "in a Route 53 private hosted zone; the endpoint is created with private DNS names disabled)",
                    "on \"Not found address of host\" check the record: nslookup " + hostname
                            + " must answer the endpoint's ENI IPs (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids "
                            + endpointId + " --query 'VpcEndpoints[0].DnsEntries')");
        }
        String zone = dnsNames.zone(service.provider(), service.region());
        return new Check("dns", Result.WARN, "connect to " + hostname + "; create the private DNS zone " + zone
                + ", link it to your VNet and add a wildcard A record '*' pointing at the private endpoint's private IP",
                "on \"Not found address of host\" check the zone, its VNet link and the wildcard record: nslookup "
                        + hostname + " must answer the private endpoint's IP");
    }

    private static Check ports() {
        return new Check("securityGroupPorts", Result.WARN, "the endpoint's security group must allow inbound TCP "
                + ServiceHostnames.AWS_PORTS.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + " from your clients, and the clients' outbound rules the same",
                "on a timeout, check the security group rules of the endpoint and of the client");
    }
}
