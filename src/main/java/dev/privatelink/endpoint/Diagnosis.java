package dev.privatelink.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.endpointservice.EndpointService;
import dev.privatelink.endpointservice.EndpointServiceDirectory;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.Plan;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.Tier;
import org.springframework.stereotype.Component;

/**
 * The troubleshooting sections of the PrivateLink guides, run automatically for one endpoint and one
 * service: each check says PASS, WARN or FAIL, what it saw, and what to do about it.
 */
@Component
class Diagnosis {

    enum Result { PASS, WARN, FAIL }

    record Check(String check, Result result, String detail, String remedy) {
    }

    private final PrivateEndpoints endpoints;
    private final AllowLists allowLists;
    private final EndpointServiceDirectory directory;
    private final ConnectionListings listings;
    private final PrivateDnsNames dnsNames;

    Diagnosis(PrivateEndpoints endpoints, AllowLists allowLists, EndpointServiceDirectory directory,
              ConnectionListings listings, PrivateDnsNames dnsNames) {
        this.endpoints = endpoints;
        this.allowLists = allowLists;
        this.directory = directory;
        this.listings = listings;
        this.dnsNames = dnsNames;
    }

    List<Check> run(Organization organization, DatabaseService service, String endpointId) {
        List<Check> checks = new ArrayList<>();
        Optional<PrivateEndpoint> registered = endpoints.findRegistered(organization.id(), service.provider(), endpointId);
        checks.add(eligibility(organization, service));
        if (registered.isEmpty()) {
            checks.add(new Check("registeredInOrganization", Result.FAIL,
                    endpointId + " is not registered in the organization for " + service.provider(),
                    "PATCH /v1/organizations/" + organization.id() + " with privateEndpoints.add, or add it to the service's privateEndpointIds"));
            checks.add(dns(service));
            ports(service, checks);
            return checks;
        }
        PrivateEndpoint endpoint = registered.get();
        checks.add(new Check("registeredInOrganization", Result.PASS,
                endpoint.endpointId() + " is registered for " + endpoint.region() + " (status " + endpoint.status() + ")", null));
        boolean listed = allowLists.services(endpoint.id()).contains(service.id());
        checks.add(listed ? new Check("onServiceAllowList", Result.PASS, "the endpoint is on the service's allow list", null)
                : new Check("onServiceAllowList", Result.FAIL,
                "the endpoint is not on service '" + service.name() + "''s allow list: connections are reset by the peer "
                        + "(\"connection reset by peer\")",
                "PATCH the service with {\"privateEndpointIds\": {\"add\": [\"" + endpoint.endpointId() + "\"]}}"));
        checks.add(region(endpoint, service));
        checks.add(connection(organization, endpoint, service));
        checks.add(dns(service));
        ports(service, checks);
        return checks;
    }

    private static Check eligibility(Organization organization, DatabaseService service) {
        if (service.provider() == CloudProvider.AWS && organization.plan() == Plan.BASIC) {
            return new Check("planAndTier", Result.FAIL, "AWS PrivateLink needs the SCALE or ENTERPRISE plan; the organization is on BASIC",
                    "upgrade the organization's plan");
        }
        if (service.provider() == CloudProvider.AZURE && service.tier() == Tier.DEVELOPMENT) {
            return new Check("planAndTier", Result.FAIL, "Azure Private Link is available for Production services only",
                    "use a PRODUCTION service");
        }
        return new Check("planAndTier", Result.PASS, "plan " + organization.plan() + ", tier " + service.tier() + " are eligible", null);
    }

    private static Check region(PrivateEndpoint endpoint, DatabaseService service) {
        if (endpoint.region().equals(service.region())) {
            return new Check("region", Result.PASS, "endpoint and service are both in " + service.region(), null);
        }
        if (CloudRegions.crossRegionAllowed(service.provider(), endpoint.region(), service.region())) {
            return new Check("region", Result.WARN, "cross-region: endpoint in " + endpoint.region() + ", service in "
                    + service.region() + " (allowed; the cloud charges for cross-region data transfer)",
                    service.provider() == CloudProvider.AWS ? "create the endpoint with the service region " + service.region() : null);
        }
        return new Check("region", Result.FAIL, "endpoint in " + endpoint.region() + ", service in " + service.region()
                + ": cross-region PrivateLink is not offered between them", "create an endpoint in " + service.region());
    }

    private Check connection(Organization organization, PrivateEndpoint endpoint, DatabaseService service) {
        Optional<EndpointService> target = directory.assigned(organization.id(), service.provider(), service.region());
        if (target.isEmpty() || !target.get().isAvailable()) {
            return new Check("connectionState", Result.FAIL, "no endpoint service is assigned for " + service.region()
                    + " yet", "read the service's privateEndpointConfig and create the endpoint against its endpointServiceId");
        }
        Optional<EndpointConnection> connection;
        try {
            connection = listings.connections(target.get()).stream().filter(c -> c.matches(endpoint.endpointId())).findFirst();
        } catch (CloudException e) {
            return new Check("connectionState", Result.WARN, "the cloud could not be asked now (" + e.code() + ")", "try again shortly");
        }
        if (connection.isEmpty()) {
            return new Check("connectionState", Result.FAIL, "no connection from " + endpoint.endpointId()
                    + " on endpoint service " + target.get().serviceName(),
                    "create the endpoint against " + target.get().serviceName() + (endpoint.region().equals(service.region())
                            ? "" : " with service region " + service.region()));
        }
        EndpointConnection c = connection.get();
        return switch (c.state()) {
            case AVAILABLE -> new Check("connectionState", Result.PASS, "the connection is " + c.cloudState(), null);
            case PENDING_ACCEPTANCE, PENDING -> new Check("connectionState", Result.WARN, "the connection is " + c.cloudState()
                    + " (registration status " + endpoint.status() + ")", endpoint.provider() == CloudProvider.AZURE
                    ? "add the endpoint to a PRODUCTION service's allow list to have it approved" : "wait a few seconds; it is being accepted");
            case REJECTED -> new Check("connectionState", Result.FAIL, "the connection was rejected",
                    "create a new endpoint and register it");
            default -> new Check("connectionState", Result.FAIL, "the connection is " + c.cloudState(),
                    "create a new endpoint and register it");
        };
    }

    private Check dns(DatabaseService service) {
        String hostname = dnsNames.hostname(service);
        String detail = service.provider() == CloudProvider.AWS
                ? "resolve " + hostname + " inside your VPC; it must point at the VPC endpoint's network interfaces (its DNS name)"
                : "create the private DNS zone " + dnsNames.zone(service.provider(), service.region())
                + " linked to your VNet with a wildcard A record '*' to the private endpoint's IP; " + hostname + " must resolve to it";
        return new Check("dns", Result.WARN, detail, "on \"Not found address of host\" check the private DNS record; nslookup " + hostname);
    }

    private static void ports(DatabaseService service, List<Check> checks) {
        if (service.provider() == CloudProvider.AWS) {
            checks.add(new Check("securityGroupPorts", Result.WARN,
                    "the endpoint's security group must allow inbound TCP " + PrivateEndpointController.AWS_PORTS
                            + " from your clients, and the clients' outbound rules the same",
                    "on a timeout, check the security group rules of the endpoint and of the client"));
        }
    }
}
