package dev.privatelink.apikey.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.service.IpAccessEntry;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Limit;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "API keys")
@RestController
@RequestMapping("/v1/organizations/{orgId}/keys")
class ApiKeyController {

    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");

    private final ApiKeys keys;
    private final Organizations organizations;
    private final VerifiedKeys verifiedKeys;
    private final Clock clock;

    ApiKeyController(ApiKeys keys, Organizations organizations, VerifiedKeys verifiedKeys, Clock clock) {
        this.keys = keys;
        this.organizations = organizations;
        this.verifiedKeys = verifiedKeys;
        this.clock = clock;
    }

    @Operation(operationId = "listKeys", summary = "List the organization's API keys", description = """
            ClickHouse Cloud's openapiKeyGetList. Secrets are never shown again after creation. Without pageSize the
            whole list (up to 1000; a longer one answers 400 asking for pageSize); with pageSize, keyset pages
            continued with pageToken = the previous page's nextPageToken.""")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<KeyView>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @RequestParam(required = false) Integer pageSize,
                                 @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        requireOrganization(orgId);
        ListWindow window = ListWindow.wholeOrPage(pageSize, pageToken);
        List<ApiKey> page = keys.page(orgId, window.after().createdAt(), window.after().id(), Limit.of(window.fetchLimit()));
        return Pages.envelopeEach(page, window, ApiKey::createdAt, ApiKey::keyId, KeyView::of);
    }

    @Operation(operationId = "createKey", summary = "Create an API key", description = """
            ClickHouse Cloud's openapiKeyCreate. The answer holds the secret (keySecret); it is shown only this once.
            The role comes from role, roles or assignedRoleIds (one role per key).""")
    @PostMapping
    @Transactional
    Envelope<NewKeyView> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                @Valid @RequestBody NewKey body) {
        caller.requireOrganizationAdmin(orgId);
        requireOrganization(orgId);
        Role role = body.role();
        if (role == Role.OPERATOR && !caller.isOperator()) {
            throw ApiException.forbidden("only OPERATOR keys may create OPERATOR keys");
        }
        if (body.hashData() != null) {
            throw ApiException.badRequest("hashData is not supported: keys are generated here; leave hashData out and "
                    + "keep the keySecret of the answer");
        }
        body.requireAnyAddress();
        Instant now = clock.instant();
        Instant expiresAt = body.expiry();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.badRequest((body.expireAt() != null ? "expireAt" : "expiresAt")
                    + " must be in the future, got " + expiresAt);
        }
        String keyId = SecretHash.newKeyId();
        String secret = SecretHash.newSecret();
        ApiKey key = ApiKey.create(keyId, secret, orgId, body.name().strip(), role, expiresAt, now);
        if (body.state() == ApiKeyState.REVOKED) {
            key.revoke(now);
        }
        return Envelope.ok(new NewKeyView(KeyView.of(keys.save(key)), keyId, secret));
    }

    @Operation(operationId = "revokeKey", summary = "Revoke an API key", description = """
            The key stops working at once on the replica that answers, and within privatelink.api-keys.verified-cache-ttl
            (5 s by default) on every other replica; it stays listed as disabled. keyId is the key id (the HTTP Basic user name)
            or the key's id (a UUID).""")
    @DeleteMapping("/{keyId}")
    @Transactional
    Envelope<KeyView> revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable String keyId) {
        caller.requireOrganizationAdmin(orgId);
        ApiKey key = keys.findByKeyIdAndOrganizationId(keyId, orgId).or(() -> byPublicId(keyId, orgId))
                .orElseThrow(() -> ApiException.notFound("API key '" + keyId + "' not found"));
        if (key.role() == Role.OPERATOR && !caller.isOperator()) {
            throw ApiException.forbidden("only OPERATOR keys may revoke OPERATOR keys");
        }
        key.revoke(clock.instant());
        verifiedKeys.forget(key.keyId());
        return Envelope.ok(KeyView.of(keys.save(key)));
    }

    private Optional<ApiKey> byPublicId(String value, UUID orgId) {
        try {
            return keys.findByPublicIdAndOrganizationId(UUID.fromString(value), orgId);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    private void requireOrganization(UUID orgId) {
        if (organizations.findById(orgId).isEmpty()) {
            throw Caller.organizationNotFound(orgId);
        }
    }

    @Schema(name = "ApiKeyPostRequest", description = """
            ClickHouse Cloud's ApiKeyPostRequest, plus role and expiresAt. Kept: name, the role (from role, roles or
            assignedRoleIds), expireAt / expiresAt, state. Refused with 400: hashData (keys are generated here), an
            ipAccessList that restricts addresses (keys are not restricted by address here; [] or 0.0.0.0/0 is
            accepted), the role query_endpoints.""")
    record NewKey(
            @Schema(example = "dashboard") @NotBlank @Size(max = 200) String name,
            @Schema(description = "Extension: ADMIN, DEVELOPER or OPERATOR (any case; OPERATOR keys only mint OPERATOR "
                    + "keys). Or give roles or assignedRoleIds.", example = "DEVELOPER") @JsonProperty("role") Role legacyRole,
            @ArraySchema(arraySchema = @Schema(description = "ClickHouse Cloud's deprecated role names: admin or "
                    + "developer; query_endpoints is not offered here.", deprecated = true),
                    schema = @Schema(allowableValues = {"admin", "developer", "query_endpoints"}))
            @Size(max = 3) List<@NotNull @Pattern(regexp = "admin|developer|query_endpoints") String> roles,
            @ArraySchema(arraySchema = @Schema(description = "Role ids, as assignedRoles shows them: "
                    + SystemRoles.ADMIN_ID + " (Admin), " + SystemRoles.DEVELOPER_ID + " (Developer), "
                    + SystemRoles.OPERATOR_ID + " (Operator)."))
            @Size(max = 3) List<@NotNull UUID> assignedRoleIds,
            @Schema(description = "When the key stops working; absent or null: never.") Instant expireAt,
            @Schema(description = "Extension, the same as expireAt.") Instant expiresAt,
            @Schema(description = "Kept: enabled (the default) or disabled (the key never works: disabled is final "
                    + "here).") ApiKeyState state,
            @Schema(description = "Refused with 400: keys are generated here.") ApiKeyHashData hashData,
            @ArraySchema(arraySchema = @Schema(description = "Keys are not restricted by address here: only [] or an "
                    + "entry for anywhere (0.0.0.0/0, ::/0) is accepted; anything else answers 400. Not stored."))
            @Size(max = 100) List<@NotNull @Valid IpAccessEntry> ipAccessList) {

        /** The one role the request names, through any of its three fields. */
        Role role() {
            Set<Role> named = new LinkedHashSet<>();
            if (legacyRole != null) {
                named.add(legacyRole);
            }
            for (String name : roles == null ? List.<String>of() : roles) {
                named.add(SystemRoles.byLegacyName(name).orElseThrow(() -> ApiException.badRequest(
                        "roles: '" + name + "' is not offered here (this API has no query endpoints); use developer "
                                + "for a read-only key")));
            }
            for (UUID id : assignedRoleIds == null ? List.<UUID>of() : assignedRoleIds) {
                named.add(SystemRoles.byId(id).orElseThrow(() -> ApiException.badRequest(
                        "assignedRoleIds: '" + id + "' is not a role id; expected " + SystemRoles.ADMIN_ID + " (Admin), "
                                + SystemRoles.DEVELOPER_ID + " (Developer) or " + SystemRoles.OPERATOR_ID + " (Operator)")));
            }
            if (named.isEmpty()) {
                throw ApiException.badRequest("role must not be null: give role (ADMIN, DEVELOPER), roles ([\"admin\"]) "
                        + "or assignedRoleIds");
            }
            if (named.size() > 1) {
                throw ApiException.badRequest("a key has one role; role, roles and assignedRoleIds name " + named);
            }
            return named.iterator().next();
        }

        Instant expiry() {
            if (expireAt != null && expiresAt != null && !expireAt.equals(expiresAt)) {
                throw ApiException.badRequest("expireAt and expiresAt differ; send one of them");
            }
            return expireAt != null ? expireAt : expiresAt;
        }

        void requireAnyAddress() {
            for (int i = 0; ipAccessList != null && i < ipAccessList.size(); i++) {
                if (!ANYWHERE.contains(ipAccessList.get(i).source().strip())) {
                    throw ApiException.badRequest("ipAccessList[" + i + "].source '" + ipAccessList.get(i).source()
                            + "': API keys are not restricted by address here; send [] or 0.0.0.0/0");
                }
            }
        }
    }

    @Schema(name = "ApiKeyHashData", description = "ClickHouse Cloud's client-side key hashes; refused here.")
    record ApiKeyHashData(String keyIdHash, String keyIdSuffix, String keySecretHash) {
    }

    @Schema(name = "AssignedRole")
    record AssignedRole(UUID roleId, @Schema(example = "Developer") String roleName,
                        @Schema(allowableValues = "system") String roleType) {
    }

    @Schema(name = "ApiKey", description = "ClickHouse Cloud's ApiKey (without ipAccessList), plus keyId, role, "
            + "expiresAt and lastUsedAt.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(
            UUID id,
            @Schema(description = "Extension: the key id, the HTTP Basic user name") String keyId,
            @Schema(example = "dashboard") String name,
            @Schema(description = "Extension: the key's role") Role role,
            @ArraySchema(arraySchema = @Schema(description = "admin or developer (deprecated in ClickHouse Cloud); "
                    + "absent for OPERATOR keys", deprecated = true)) List<String> roles,
            List<AssignedRole> assignedRoles,
            ApiKeyState state,
            @Schema(description = "The last four characters of keyId") String keySuffix,
            Instant createdAt,
            @Schema(description = "When the key stops working; absent: never") Instant expireAt,
            @Schema(description = "Extension, the same as expireAt") Instant expiresAt,
            @Schema(description = "When the key was last used (one-minute precision); absent: never") Instant usedAt,
            @Schema(description = "Extension, the same as usedAt") Instant lastUsedAt) {

        static KeyView of(ApiKey k) {
            SystemRoles role = SystemRoles.of(k.role());
            return new KeyView(k.publicId(), k.keyId(), k.name(), k.role(), role.legacyName().map(List::of).orElse(null),
                    List.of(new AssignedRole(role.id(), role.displayName(), "system")), k.state(), k.keySuffix(),
                    k.createdAt(), k.expiresAt(), k.expiresAt(), k.lastUsedAt(), k.lastUsedAt());
        }
    }

    /** The one answer that carries a secret. */
    @Schema(name = "ApiKeyPostResponse", description = "ClickHouse Cloud's ApiKeyPostResponse.")
    record NewKeyView(KeyView key, @Schema(description = "The HTTP Basic user name") String keyId,
                      @Schema(description = "The HTTP Basic password; shown only this once") String keySecret) {
    }
}
