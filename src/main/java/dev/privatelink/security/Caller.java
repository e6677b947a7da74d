package dev.privatelink.security;

import java.security.Principal;
import java.util.UUID;

import dev.privatelink.web.ApiException;

/**
 * Who is calling: the API key that authenticated the request. The access rules live here so that
 * every controller applies them the same way.
 *
 * <ul>
 *   <li>Objects of another organization answer 404, exactly as absent ones do (never reveal that they exist).</li>
 *   <li>{@link Role#DEVELOPER} keys read; writing answers 403.</li>
 *   <li>{@link Role#OPERATOR} keys read everything and manage organizations, keys and platform
 *       resources; customer resources (services, endpoints) are changed by the customer's admins.</li>
 * </ul>
 */
public record Caller(String keyId, UUID organizationId, Role role) implements Principal {

    /** The key id: what Spring Security reports as the authenticated name, so other modules need not know this type. */
    @Override
    public String getName() {
        return keyId;
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /** May read inside the organization; otherwise it does not exist for this caller. */
    public void requireRead(UUID orgId) {
        if (!isOperator() && !organizationId.equals(orgId)) {
            throw organizationNotFound(orgId);
        }
    }

    /** May manage the organization itself and its keys: its admins and operators. */
    public void requireOrganizationAdmin(UUID orgId) {
        requireRead(orgId);
        if (role == Role.DEVELOPER) {
            throw ApiException.forbidden("DEVELOPER keys are read-only; use an ADMIN key to change the organization");
        }
    }

    /** May change the organization's resources (services, endpoints): its admins only. */
    public void requireWrite(UUID orgId) {
        requireRead(orgId);
        switch (role) {
            case DEVELOPER -> throw ApiException.forbidden("DEVELOPER keys are read-only; use an ADMIN key to make changes");
            case OPERATOR -> throw ApiException.forbidden(
                    "OPERATOR keys read customer resources but do not change them; use an ADMIN key of the organization");
            case ADMIN -> {
            }
        }
    }

    /** Platform-wide actions (creating organizations, platform resources). */
    public void requireOperator() {
        if (!isOperator()) {
            throw ApiException.forbidden("only OPERATOR keys may do this");
        }
    }

    public static ApiException organizationNotFound(UUID orgId) {
        return ApiException.notFound("organization '" + orgId + "' not found");
    }
}
