package dev.privatelink.sandbox.provider;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.cloud.CrossRegionConsumers;
import dev.privatelink.cloud.EndpointConnection;
import dev.privatelink.cloud.EndpointServiceCreation;
import dev.privatelink.cloud.EndpointServiceDescription;
import dev.privatelink.cloud.EndpointServiceRef;
import dev.privatelink.cloud.PrivateDnsNameVerification;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxConnections;
import dev.privatelink.sandbox.model.SandboxDnsZones;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxService;
import dev.privatelink.sandbox.model.SandboxServices;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * AWS PrivateLink in the sandbox, the platform's side: its VPC endpoint services ({@code vpce-svc-…})
 * and the connections customers' interface endpoints make to them, with AWS's capabilities (creating
 * services, cross-region consumers, private DNS verification). Active unless the real AWS adapter is
 * enabled ({@code privatelink.clouds.aws.enabled=true}). The customer's side is
 * {@code sandbox.customer.CustomerVpcEndpoints}.
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
public class SandboxAwsEndpointServices extends SandboxCloud
        implements EndpointServiceCreation, CrossRegionConsumers, PrivateDnsNameVerification {

    private static final Pattern DOMAIN = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final int ID_ATTEMPTS = 5;
    /** Endpoint ids per AcceptVpcEndpointConnections call, as the real adapter sends them. */
    static final int ACCEPT_CHUNK = 50;

    private final SandboxDnsZones dns;

    @Autowired
    SandboxAwsEndpointServices(SandboxServices services, SandboxConnections connections, SandboxCalls calls,
                               SandboxDnsZones dns, SandboxSettings settings, Clock clock) {
        super(services, connections, calls, settings, clock);
        this.dns = dns;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    String defaultAccount() {
        return settings.awsAccount();
    }

    @Override
    public EndpointServiceDescription createEndpointService(String account, String region, String idempotencyToken) {
        return calls.call(CloudProvider.AWS, "createEndpointService", region, () -> {
            requireRegion("createEndpointService", region);
            String owner = account == null ? defaultAccount() : account;
            String token = idempotencyToken == null ? UUID.randomUUID().toString() : idempotencyToken;
            for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
                Optional<SandboxService> existing = services.findByToken(CloudProvider.AWS, token);
                if (existing.isPresent()) {
                    return sameRequest(existing.get(), owner, region).describe(now(), settings.latency());
                }
                String serviceId = SandboxIds.awsServiceId();
                services.insertIfAbsent(new SandboxService(serviceId, CloudProvider.AWS, owner, region,
                        SandboxIds.awsServiceName(region, serviceId), SandboxService.AWS_AVAILABLE, Set.of(region),
                        null, null, null, null, null, token, now()));
            }
            throw new IllegalStateException("could not create a sandbox endpoint service for token " + token);
        });
    }

    /**
     * As EC2's AcceptVpcEndpointConnections: one call (one ledger entry, one draw of the injected
     * faults) per chunk of {@value #ACCEPT_CHUNK} ids, each id accepted or named as unsuccessful with its
     * error; a call that fails as a whole is reported against every id it carried.
     */
    @Override
    public Map<EndpointConnection, CloudException> acceptConnections(EndpointServiceRef ref, List<EndpointConnection> batch) {
        Map<EndpointConnection, CloudException> failures = new LinkedHashMap<>();
        for (int from = 0; from < batch.size(); from += ACCEPT_CHUNK) {
            List<EndpointConnection> chunk = batch.subList(from, Math.min(from + ACCEPT_CHUNK, batch.size()));
            try {
                failures.putAll(calls.call(CloudProvider.AWS, "acceptConnections", ref.region(), () -> {
                    Map<EndpointConnection, CloudException> unsuccessful = new LinkedHashMap<>();
                    for (EndpointConnection connection : chunk) {
                        try {
                            acceptOne(ref, connection);
                        } catch (CloudException e) {
                            unsuccessful.put(connection, e);
                        }
                    }
                    return unsuccessful;
                }));
            } catch (CloudException e) {
                chunk.forEach(c -> failures.put(c, e));
            }
        }
        return failures;
    }

    /**
     * As EC2's ModifyVpcEndpointServiceConfiguration with {@code AddSupportedRegion.N}: one call (one
     * ledger entry, one draw of the injected faults), refused as a whole for the first region that cannot
     * be added; when a call is refused and carried several regions, each is asked for on its own (as the
     * real adapter does), so the others are still added.
     */
    @Override
    public Map<String, CloudException> allowConsumerRegions(EndpointServiceRef ref, Set<String> consumerRegions) {
        Set<String> missing = new TreeSet<>(consumerRegions);
        missing.remove(ref.region());
        return CrossRegionConsumers.addAllOrEach(missing, regions -> addSupportedRegions(ref, regions));
    }

    private void addSupportedRegions(EndpointServiceRef ref, Set<String> regions) {
        calls.run(CloudProvider.AWS, "allowConsumerRegions", ref.region(), () -> {
            SandboxService service = service("allowConsumerRegions", ref);
            List<String> toAdd = regions.stream().filter(r -> !service.supportedRegions().contains(r)).sorted().toList();
            for (String region : toAdd) {
                requireRegion("allowConsumerRegions", region);
                if (!CloudRegions.crossRegionAllowed(CloudProvider.AWS, region, service.region())) {
                    throw invalidParameter("allowConsumerRegions", "Cross-region connectivity between " + region
                            + " and " + service.region() + " is not supported.");
                }
            }
            toAdd.forEach(region -> services.addSupportedRegion(service.serviceId(), region));
        });
    }

    @Override
    public DomainVerification setPrivateDnsName(EndpointServiceRef ref, String privateDnsName) {
        return calls.call(CloudProvider.AWS, "setPrivateDnsName", ref.region(), () -> {
            SandboxService service = service("setPrivateDnsName", ref);
            String name = privateDnsName == null ? "" : SandboxDnsZones.normalise(privateDnsName);
            if (!DOMAIN.matcher(name).matches()) {
                throw invalidParameter("setPrivateDnsName", "The private DNS name '" + privateDnsName + "' is not a valid domain name.");
            }
            if (name.equals(service.privateDnsName())) {
                return new DomainVerification(service.verificationName(), service.verificationValue());
            }
            String domain = name.startsWith("*.") ? name.substring(2) : name;
            DomainVerification verification = new DomainVerification(SandboxIds.verificationLabel() + "." + domain,
                    SandboxIds.verificationValue());
            services.setPrivateDnsName(service.serviceId(), name, verification.recordName(), verification.recordValue());
            return verification;
        });
    }

    /** Decides now whether the TXT record is in the sandbox's DNS; the outcome shows after the verification latency. */
    @Override
    public void startPrivateDnsVerification(EndpointServiceRef ref) {
        calls.run(CloudProvider.AWS, "startPrivateDnsVerification", ref.region(), () -> {
            SandboxService service = service("startPrivateDnsVerification", ref);
            if (service.privateDnsName() == null) {
                throw invalidParameter("startPrivateDnsVerification",
                        "The endpoint service " + service.serviceId() + " has no private DNS name to verify.");
            }
            boolean found = dns.holdsTxt(CloudProvider.AWS, service.verificationName(), service.verificationValue());
            services.recordVerification(service.serviceId(), found ? "verified" : "failed",
                    now().plus(settings.latency().dnsVerification()));
        });
    }

    @Override
    CloudException serviceNotFound(String operation, EndpointServiceRef ref) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidVpcEndpointServiceId.NotFound", CloudErrorKind.NOT_FOUND,
                "The Vpc Endpoint Service Id '" + ref.cloudResourceId() + "' does not exist");
    }

    @Override
    CloudException connectionNotFound(String operation, EndpointConnection connection) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidVpcEndpointId.NotFound", CloudErrorKind.NOT_FOUND,
                "The VPC endpoint '" + connection.endpointId() + "' does not exist or is not connected to this service");
    }

    private SandboxService sameRequest(SandboxService existing, String account, String region) {
        if (!existing.region().equals(region) || !existing.account().equals(account)) {
            throw new CloudException(CloudProvider.AWS, "createEndpointService", "IdempotentParameterMismatch",
                    CloudErrorKind.TERMINAL, "The client token was already used with different parameters.");
        }
        return existing;
    }

    private void requireRegion(String operation, String region) {
        if (region == null || !CloudRegions.isRegion(CloudProvider.AWS, region)) {
            throw invalidParameter(operation, "'" + region + "' is not an AWS region.");
        }
    }

    private static CloudException invalidParameter(String operation, String message) {
        return new CloudException(CloudProvider.AWS, operation, "InvalidParameterValue", CloudErrorKind.TERMINAL, message);
    }
}
