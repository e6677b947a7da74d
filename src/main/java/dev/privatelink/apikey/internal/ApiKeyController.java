package dev.privatelink.apikey.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "API keys")
@RestController
@RequestMapping("/v1/organizations/{orgId}/keys")
class ApiKeyController {

    private final ApiKeys keys;
    private final Organizations organizations;
    private final Clock clock;

    ApiKeyController(ApiKeys keys, Organizations organizations, Clock clock) {
        this.keys = keys;
        this.organizations = organizations;
        this.clock = clock;
    }

    @Operation(summary = "List the organization's API keys", description = "Secrets are never shown again after creation.")
    @GetMapping
    @Transactional(readOnly = true)
    Envelope<List<KeyView>> list(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @RequestParam(required = false) Integer pageSize,
                                 @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        requireOrganization(orgId);
        int size = PageToken.pageSize(pageSize);
        PageToken after = PageToken.decode(pageToken);
        List<ApiKey> page = keys.page(orgId, after.createdAt(), after.id(), Limit.of(size + 1));
        return Pages.envelope(page, size, ApiKey::createdAt, ApiKey::keyId, KeyView::of);
    }

    @Operation(summary = "Create an API key", description = "The response holds the secret; it is shown only this once.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Envelope<NewKeyView> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                @Valid @RequestBody NewKey body) {
        caller.requireOrganizationAdmin(orgId);
        requireOrganization(orgId);
        if (body.role() == Role.OPERATOR && !caller.isOperator()) {
            throw ApiException.forbidden("only OPERATOR keys may create OPERATOR keys");
        }
        Instant now = clock.instant();
        if (body.expiresAt() != null && !body.expiresAt().isAfter(now)) {
            throw ApiException.badRequest("expiresAt must be in the future, got " + body.expiresAt());
        }
        String keyId = SecretHash.newKeyId();
        String secret = SecretHash.newSecret();
        ApiKey key = keys.save(ApiKey.create(keyId, secret, orgId, body.name().strip(), body.role(), body.expiresAt(), now));
        return Envelope.of(201, new NewKeyView(KeyView.of(key), secret));
    }

    @Operation(summary = "Revoke an API key", description = "The key stops working at once; it stays listed as REVOKED.")
    @DeleteMapping("/{keyId}")
    @Transactional
    Envelope<KeyView> revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable String keyId) {
        caller.requireOrganizationAdmin(orgId);
        ApiKey key = keys.findByKeyIdAndOrganizationId(keyId, orgId)
                .orElseThrow(() -> ApiException.notFound("API key '" + keyId + "' not found"));
        if (key.role() == Role.OPERATOR && !caller.isOperator()) {
            throw ApiException.forbidden("only OPERATOR keys may revoke OPERATOR keys");
        }
        key.revoke(clock.instant());
        return Envelope.ok(KeyView.of(keys.save(key)));
    }

    private void requireOrganization(UUID orgId) {
        if (organizations.findById(orgId).isEmpty()) {
            throw Caller.organizationNotFound(orgId);
        }
    }

    record NewKey(@NotBlank @Size(max = 200) String name, @NotNull Role role, Instant expiresAt) {
    }

    record KeyView(String keyId, String name, Role role, ApiKeyState state, Instant expiresAt, Instant lastUsedAt,
                   Instant createdAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.keyId(), k.name(), k.role(), k.state(), k.expiresAt(), k.lastUsedAt(), k.createdAt());
        }
    }

    /** The one response that carries a secret. */
    record NewKeyView(String keyId, String name, Role role, ApiKeyState state, Instant expiresAt, Instant createdAt,
                      String keySecret) {
        NewKeyView(KeyView key, String secret) {
            this(key.keyId(), key.name(), key.role(), key.state(), key.expiresAt(), key.createdAt(), secret);
        }
    }
}
