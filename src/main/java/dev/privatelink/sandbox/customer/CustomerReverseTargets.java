package dev.privatelink.sandbox.customer;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.sandbox.model.SandboxIds;
import dev.privatelink.sandbox.model.SandboxReverseEndpoints;
import dev.privatelink.sandbox.model.SandboxReverseTargets;
import dev.privatelink.sandbox.model.SandboxReverseTargets.CustomerService;
import dev.privatelink.sandbox.model.SandboxSettings;
import dev.privatelink.sandbox.model.SandboxVpcEndpoint;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The customer's side of the reverse direction in the sandbox: what a customer sets up in their own
 * AWS account for the platform to reach — a VPC endpoint service (accepting or rejecting the
 * platform's connections), a resource configuration shared over RAM, an MSK cluster with multi-VPC
 * connectivity. Any API key plays the customer; an organization sees only its own.
 */
@Component
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
class CustomerReverseTargets {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern PRINCIPAL = Pattern.compile("\\*|\\d{12}|arn:aws:iam::\\d{12}:(root|(role|user)/[\\w+=,.@/-]{1,512})");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
    private static final Set<String> MSK_AUTHENTICATIONS = Set.of("SASL_IAM", "SASL_SCRAM", "TLS");
    private static final int TRANSITION_ATTEMPTS = 5;

    private final SandboxReverseTargets targets;
    private final SandboxReverseEndpoints endpoints;
    private final SandboxSettings settings;
    private final Clock clock;

    CustomerReverseTargets(SandboxReverseTargets targets, SandboxReverseEndpoints endpoints, SandboxSettings settings,
                           Clock clock) {
        this.targets = targets;
        this.endpoints = endpoints;
        this.settings = settings;
        this.clock = clock;
    }

    // ---- VPC endpoint services

    EndpointService createEndpointService(Caller caller, String region, boolean acceptanceRequired, List<String> allowedPrincipals,
                                          List<String> supportedRegions, String privateDnsName) {
        requireRegion(region, "region");
        List<String> principals = distinct(allowedPrincipals);
        for (int i = 0; i < principals.size(); i++) {
            if (!PRINCIPAL.matcher(principals.get(i)).matches()) {
                throw ApiException.badRequest("allowedPrincipals[" + i + "] '" + principals.get(i)
                        + "' is not an AWS principal: an account id, arn:aws:iam::<account>:root|role/…|user/…, or *");
            }
        }
        List<String> regions = distinct(supportedRegions);
        regions.forEach(r -> requireRegion(r, "supportedRegions"));
        regions.remove(region);
        for (String other : regions) {
            if (!CloudRegions.crossRegionAllowed(CloudProvider.AWS, other, region)) {
                throw ApiException.badRequest("supportedRegions: cross-region connectivity between " + other + " and " + region
                        + " is not offered by AWS");
            }
        }
        String dns = privateDnsName == null || privateDnsName.isBlank() ? null : privateDnsName.strip().toLowerCase(Locale.ROOT);
        if (dns != null && !DOMAIN.matcher(dns).matches()) {
            throw ApiException.badRequest("privateDnsName '" + privateDnsName + "' is not a domain name");
        }
        String serviceId = SandboxIds.awsServiceId();
        CustomerService service = new CustomerService(serviceId, SandboxIds.awsServiceName(region, serviceId), region,
                CustomerEndpoints.accountOf(caller), caller.organizationId(), acceptanceRequired, principals, regions, dns, now());
        targets.insert(service);
        return view(service);
    }

    List<Connection> connections(Caller caller, String serviceId) {
        CustomerService service = ownService(caller, serviceId);
        Instant now = now();
        return endpoints.endpointsOnService(service.serviceId()).stream().map(e -> view(e, now)).toList();
    }

    /** The owner accepts a connection waiting for acceptance (AcceptVpcEndpointConnections). */
    Connection accept(Caller caller, String serviceId, String vpcEndpointId) {
        return transition(caller, serviceId, vpcEndpointId, e -> e.accept(now(), settings.latency()));
    }

    /** The owner rejects a connection, waiting or accepted (RejectVpcEndpointConnections). */
    Connection reject(Caller caller, String serviceId, String vpcEndpointId) {
        return transition(caller, serviceId, vpcEndpointId, e -> e.reject(now(), settings.latency()));
    }

    private Connection transition(Caller caller, String serviceId, String vpcEndpointId, UnaryOperator<SandboxVpcEndpoint> change) {
        CustomerService service = ownService(caller, serviceId);
        for (int attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
            SandboxVpcEndpoint current = endpoints.endpoint(vpcEndpointId.strip().toLowerCase(Locale.ROOT))
                    .filter(e -> service.serviceId().equals(e.serviceId()))
                    .orElseThrow(() -> ApiException.notFound("The VPC endpoint '" + vpcEndpointId
                            + "' has no connection to endpoint service " + service.serviceId()));
            SandboxVpcEndpoint next;
            try {
                next = change.apply(current);
            } catch (CloudException refused) {
                throw ApiException.conflict(refused.getMessage());
            }
            if (next == current || endpoints.replace(current, next)) {
                return view(next, now());
            }
        }
        throw ApiException.conflict("the connection kept changing under concurrent calls; retry");
    }

    private CustomerService ownService(Caller caller, String serviceId) {
        return targets.service(serviceId.strip())
                .filter(s -> caller.isOperator() || caller.organizationId().equals(s.organizationId()))
                .orElseThrow(() -> ApiException.notFound("The Vpc Endpoint Service Id '" + serviceId + "' does not exist"));
    }

    // ---- resource configurations shared over RAM

    ResourceConfiguration createResourceConfiguration(Caller caller, String region, String resource, List<String> sharedWith) {
        requireRegion(region, "region");
        String owner = CustomerEndpoints.accountOf(caller);
        List<String> accounts = new ArrayList<>();
        List<String> principals = distinct(sharedWith);
        for (int i = 0; i < principals.size(); i++) {
            String account = principals.get(i).replaceFirst("^arn:aws:iam::(\\d{12}):root$", "$1");
            if (!ACCOUNT.matcher(account).matches()) {
                throw ApiException.badRequest("sharedWith[" + i + "] '" + principals.get(i)
                        + "' is not an AWS account id (or arn:aws:iam::<account>:root)");
            }
            if (account.equals(owner)) {
                throw ApiException.badRequest("sharedWith[" + i + "]: a resource share cannot be shared with its own account " + owner);
            }
            accounts.add(account);
        }
        String id = SandboxIds.resourceConfigurationId();
        Instant now = now();
        SandboxReverseTargets.ResourceConfiguration configuration = new SandboxReverseTargets.ResourceConfiguration(id,
                SandboxIds.resourceConfigurationArn(region, owner, id), region, owner, caller.organizationId(), resource.strip(),
                SandboxIds.resourceShareArn(region, owner), now);
        targets.insert(configuration, accounts.stream().map(account -> new SandboxReverseTargets.Invitation(
                SandboxIds.resourceShareInvitationArn(region, owner), configuration.resourceShareArn(), owner, account,
                "PENDING", now)).toList());
        return new ResourceConfiguration(id, configuration.arn(), configuration.resourceShareArn(), region,
                configuration.resource(), accounts, owner);
    }

    // ---- MSK clusters

    MskCluster createMskCluster(Caller caller, String region, String name, List<String> authentication,
                                List<String> allowedPrincipals) {
        requireRegion(region, "region");
        if (!NAME.matcher(name.strip()).matches()) {
            throw ApiException.badRequest("name '" + name + "' is not an MSK cluster name: letters, digits and hyphens, "
                    + "starting with a letter, at most 64");
        }
        List<String> authentications = distinct(authentication);
        if (authentications.isEmpty()) {
            throw ApiException.badRequest("authentication must name at least one of " + MSK_AUTHENTICATIONS);
        }
        for (int i = 0; i < authentications.size(); i++) {
            if (!MSK_AUTHENTICATIONS.contains(authentications.get(i))) {
                throw ApiException.badRequest("authentication[" + i + "] '" + authentications.get(i) + "' is not one of "
                        + MSK_AUTHENTICATIONS);
            }
        }
        List<String> principals = distinct(allowedPrincipals);
        for (int i = 0; i < principals.size(); i++) {
            if (!PRINCIPAL.matcher(principals.get(i)).matches()) {
                throw ApiException.badRequest("allowedPrincipals[" + i + "] '" + principals.get(i)
                        + "' is not an AWS principal: an account id, arn:aws:iam::<account>:root|role/…|user/…, or *");
            }
        }
        String owner = CustomerEndpoints.accountOf(caller);
        SandboxReverseTargets.MskCluster cluster = new SandboxReverseTargets.MskCluster(
                SandboxIds.mskClusterArn(region, owner, name.strip()), name.strip(), region, owner, caller.organizationId(),
                authentications, principals, 3, now());
        targets.insert(cluster);
        return new MskCluster(cluster.clusterArn(), cluster.name(), region, authentications, principals, cluster.brokerCount());
    }

    // ----

    private EndpointService view(CustomerService s) {
        return new EndpointService(s.serviceId(), s.serviceName(), s.region(), s.acceptanceRequired(), s.allowedPrincipals(),
                s.supportedRegions(), s.privateDnsName(), s.ownerId(), s.createdAt());
    }

    private Connection view(SandboxVpcEndpoint e, Instant now) {
        return new Connection(e.vpcEndpointId(), e.ownerId(), e.cloudState(now, settings.latency()), e.region(), e.createdAt());
    }

    private static List<String> distinct(List<String> values) {
        if (values == null) {
            return new ArrayList<>();
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw ApiException.badRequest("lists must not hold empty values");
            }
            set.add(value.strip());
        }
        return new ArrayList<>(set);
    }

    private static void requireRegion(String region, String field) {
        if (region == null || !CloudRegions.isRegion(CloudProvider.AWS, region)) {
            throw ApiException.badRequest(field + " '" + region + "' is not an AWS region code (e.g. us-east-1)");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A customer's endpoint service; {@code serviceName} is what the platform's endpoint is created against. */
    @Schema(name = "SandboxCustomerEndpointService")
    record EndpointService(String serviceId, String serviceName, String region, boolean acceptanceRequired,
                           List<String> allowedPrincipals, List<String> supportedRegions, String privateDnsName,
                           String ownerId, Instant createdAt) {
    }

    /**
     * A connection to the customer's service, as DescribeVpcEndpointConnections shows it to the owner.
     *
     * @param vpcEndpointState pendingAcceptance, pending, available, rejected, deleting, deleted
     */
    @Schema(name = "SandboxCustomerEndpointServiceConnection")
    record Connection(String vpcEndpointId, String vpcEndpointOwner, String vpcEndpointState, String vpcEndpointRegion,
                      Instant creationTimestamp) {
    }

    /** @param sharedWith the accounts invited to the share */
    @Schema(name = "SandboxResourceConfiguration")
    record ResourceConfiguration(String resourceConfigurationId, String resourceConfigurationArn, String resourceShareArn,
                                 String region, String resource, List<String> sharedWith, String ownerId) {
    }

    @Schema(name = "SandboxMskCluster")
    record MskCluster(String clusterArn, String name, String region, List<String> authentication,
                      List<String> allowedPrincipals, int brokerCount) {
    }
}
