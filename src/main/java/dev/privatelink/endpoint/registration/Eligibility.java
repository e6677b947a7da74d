package dev.privatelink.endpoint.registration;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.Plan;
import dev.privatelink.service.DatabaseService;
import dev.privatelink.service.Tier;
import dev.privatelink.web.ApiException;

/**
 * Who may use private endpoints, in one place: AWS PrivateLink needs the SCALE plan or above (seed
 * 000), Azure Private Link a PRODUCTION service (seed 002), and an Azure connection is approved only
 * once its endpoint is on such a service's allow list (an AWS one as soon as it is registered).
 */
public final class Eligibility {

    /** The only tier whose services Azure Private Link serves. */
    public static final Tier AZURE_TIER = Tier.PRODUCTION;

    private Eligibility() {
    }

    public static boolean planAllows(Plan plan, CloudProvider provider) {
        return provider != CloudProvider.AWS || plan != Plan.BASIC;
    }

    public static boolean tierAllows(CloudProvider provider, Tier tier) {
        return provider != CloudProvider.AZURE || tier == AZURE_TIER;
    }

    /** Whether private endpoints may be put on this service's allow list at all (plan and tier). */
    public static boolean allows(Organization organization, DatabaseService service) {
        return planAllows(organization.plan(), service.provider()) && tierAllows(service.provider(), service.tier());
    }

    /** Whether a connection waits for an eligible service's allow list before it is approved (Azure). */
    public static boolean approvalNeedsAllowList(CloudProvider provider) {
        return provider == CloudProvider.AZURE;
    }

    /** Why the plan refuses the provider, for messages. */
    public static String planRefusal(Organization organization) {
        return "AWS PrivateLink needs the SCALE or ENTERPRISE plan; organization '" + organization.name()
                + "' is on the " + organization.plan() + " plan";
    }

    /** Why the tier refuses the service, for messages. */
    public static String tierRefusal(DatabaseService service) {
        return "Azure Private Link is available for PRODUCTION services only; service '" + service.name()
                + "' is a " + service.tier() + " service";
    }

    /** 403 when the organization's plan does not include the provider's private endpoints. */
    public static void requirePlan(Organization organization, CloudProvider provider) {
        if (!planAllows(organization.plan(), provider)) {
            throw ApiException.forbidden(planRefusal(organization));
        }
    }

    /** 403 for the plan, 400 for the service's tier: the endpoint may not be put on this service's allow list. */
    public static void requireEligible(Organization organization, DatabaseService service) {
        requirePlan(organization, service.provider());
        if (!tierAllows(service.provider(), service.tier())) {
            throw ApiException.badRequest(tierRefusal(service));
        }
    }
}
