package dev.privatelink.events.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.events.audit.AuditTrail;
import dev.privatelink.events.cloudevent.EventTypes;
import dev.privatelink.organization.Organizations;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.Envelope;
import dev.privatelink.web.ListWindow;
import dev.privatelink.web.PageToken;
import dev.privatelink.web.Pages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organization's webhook subscriptions, their delivery log and redelivery. ADMIN keys change them,
 * DEVELOPER keys read them; another organization's answer 404. The signing secret is shown once, when
 * the subscription is made.
 */
@Tag(name = "Webhooks")
@RestController
@RequestMapping("/v1/organizations/{orgId}/webhooks")
class WebhookController {

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final DeliveryEngine engine;
    private final WebhookUrls urls;
    private final WebhookSettings settings;
    private final Organizations organizations;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WebhookController(Subscriptions subscriptions, Deliveries deliveries, DeliveryEngine engine, WebhookUrls urls,
                      WebhookSettings settings, Organizations organizations, AuditTrail audit,
                      TransactionTemplate transactions, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.engine = engine;
        this.urls = urls;
        this.settings = settings;
        this.organizations = organizations;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Operation(operationId = "createWebhook", summary = "Subscribe to the organization's events", description = """
            Deliveries are POSTs of the CloudEvent (structured JSON) signed as Standard Webhooks say (headers webhook-id,
            webhook-timestamp, webhook-signature). eventTypes: privatelink.endpoint.<status> (provisioning,
            waitingforconnection, pendingacceptance, ready, rejected, failed, expired, deleting), privatelink.endpoint.removed,
            privatelink.reverseendpoint.<status> and .removed, privatelink.allowlist.changed, privatelink.publicaccess.changed.
            The url must be https and reach a public address (operators may allow http and internal networks). The answer
            holds the signing secret (whsec_…): it is shown only this once.""")
    @PostMapping
    Envelope<NewWebhookView> createWebhook(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                    @Valid @RequestBody NewWebhook body) {
        caller.requireWrite(orgId);
        requireOrganization(orgId);
        List<String> types = eventTypes(body.eventTypes());
        URI url = urls.requireAcceptable(body.url()); // resolves and connects: before any transaction
        Subscription created = transactions.execute(status -> {
            if (subscriptions.count(orgId) >= settings.maxSubscriptions()) {
                throw ApiException.conflict("the organization already has " + settings.maxSubscriptions()
                        + " webhooks, the most it may have; delete one first");
            }
            Subscription subscription = subscriptions.create(orgId, url.toString(), types, clock.instant());
            audit.changed("webhook", subscription.id().toString(), orgId, fields(null, subscription));
            return subscription;
        });
        return Envelope.ok(NewWebhookView.of(created));
    }

    @Operation(operationId = "listWebhooks", summary = "List the organization's webhooks")
    @GetMapping
    Envelope<List<WebhookView>> listWebhooks(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                     @RequestParam(required = false) Integer pageSize,
                                     @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        requireOrganization(orgId);
        ListWindow window = ListWindow.page(pageSize, pageToken);
        PageToken after = window.after();
        return Pages.envelopeEach(subscriptions.page(orgId, after.createdAt(), after.uuid(), window.fetchLimit()), window,
                Subscription::createdAt, s -> s.id().toString(), WebhookView::of);
    }

    @Operation(operationId = "getWebhook", summary = "Get a webhook", description = "state is ACTIVE or DISABLED (with disabledReason) when its "
            + "deliveries kept failing; POST …/enable sends again.")
    @GetMapping("/{webhookId}")
    Envelope<WebhookView> getWebhook(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId, @PathVariable UUID webhookId) {
        caller.requireRead(orgId);
        return Envelope.ok(WebhookView.of(find(orgId, webhookId)));
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook", description = "Nothing more is sent to it, including deliveries not made yet.")
    @DeleteMapping("/{webhookId}")
    Envelope<WebhookView> deleteWebhook(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID webhookId) {
        caller.requireWrite(orgId);
        Subscription deleted = transactions.execute(status -> {
            Subscription subscription = lock(orgId, webhookId);
            subscriptions.delete(webhookId);
            audit.changed("webhook", webhookId.toString(), orgId, fields(subscription, null));
            return subscription;
        });
        return Envelope.ok(WebhookView.of(deleted));
    }

    @Operation(operationId = "enableWebhook", summary = "Enable a disabled webhook", description = "Its deliveries not made yet are sent again "
            + "at once, in order, each with a fresh retry window.")
    @PostMapping("/{webhookId}/enable")
    Envelope<WebhookView> enableWebhook(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                 @PathVariable UUID webhookId) {
        caller.requireWrite(orgId);
        Subscription enabled = transactions.execute(status -> {
            Subscription subscription = lock(orgId, webhookId);
            Instant now = clock.instant();
            if (subscription.state() != Subscription.State.ACTIVE) {
                subscriptions.enable(webhookId, now);
                deliveries.restartPending(webhookId, now, now.plus(settings.retryFor())).forEach(engine::schedule);
                audit.changed("webhook", webhookId.toString(), orgId, Map.of("state",
                        new Object[] {subscription.state().name(), Subscription.State.ACTIVE.name()}));
            }
            return lock(orgId, webhookId);
        });
        return Envelope.ok(WebhookView.of(enabled));
    }

    @Operation(operationId = "webhookDeliveries", summary = "The webhook's delivery log", description = """
            One entry per event sent (or being sent) to it, oldest first: status (PENDING, DELIVERED, or FAILED once its
            retry window closed), attempts, the last attempt's time, response code and error, and when the next attempt
            is due. Filter by status.""")
    @GetMapping("/{webhookId}/deliveries")
    Envelope<List<DeliveryView>> webhookDeliveries(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                            @PathVariable UUID webhookId, @RequestParam(required = false) String status,
                                            @RequestParam(required = false) Integer pageSize,
                                            @RequestParam(required = false) String pageToken) {
        caller.requireRead(orgId);
        find(orgId, webhookId);
        String wanted = status == null ? null : parseStatus(status).name();
        ListWindow window = ListWindow.page(pageSize, pageToken);
        PageToken after = window.after();
        return Pages.envelopeEach(deliveries.page(webhookId, wanted, after.createdAt(), after.uuid(), window.fetchLimit()), window,
                Delivery::createdAt, d -> d.id().toString(), DeliveryView::of);
    }

    @Operation(operationId = "redeliverWebhookDelivery", summary = "Send an event to the webhook again", description = "Whatever became of the delivery, it is "
            + "sent again (same webhook-id, so receivers that saw it can tell) with a fresh retry window.")
    @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
    Envelope<DeliveryView> redeliverWebhookDelivery(@AuthenticationPrincipal Caller caller, @PathVariable UUID orgId,
                                     @PathVariable UUID webhookId, @PathVariable UUID deliveryId) {
        caller.requireWrite(orgId);
        Delivery redelivered = transactions.execute(status -> {
            Subscription subscription = lock(orgId, webhookId);
            if (subscription.state() != Subscription.State.ACTIVE) {
                throw ApiException.conflict("webhook '" + webhookId + "' is disabled (" + subscription.disabledReason()
                        + "); enable it first: POST …/webhooks/" + webhookId + "/enable");
            }
            Delivery delivery = deliveries.find(webhookId, deliveryId).orElseThrow(() -> ApiException.notFound(
                    "delivery '" + deliveryId + "' of webhook '" + webhookId + "' not found"));
            Instant now = clock.instant();
            deliveries.redeliver(deliveryId, now, now.plus(settings.retryFor()));
            engine.schedule(new Delivery.Lane(webhookId, delivery.subject()));
            audit.changed("webhookDelivery", deliveryId.toString(), orgId, Map.of("status",
                    new Object[] {delivery.status().name(), Delivery.Status.PENDING.name()}));
            return deliveries.find(webhookId, deliveryId).orElseThrow();
        });
        return Envelope.ok(DeliveryView.of(redelivered));
    }

    private static List<String> eventTypes(List<String> requested) {
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i) == null ? "" : requested.get(i).strip().toLowerCase(Locale.ROOT);
            if (!EventTypes.known().contains(type)) {
                throw ApiException.badRequest("eventTypes[" + i + "] '" + requested.get(i) + "' is not an event type; known: "
                        + String.join(", ", EventTypes.known()));
            }
            types.add(type);
        }
        return new ArrayList<>(types);
    }

    private static Delivery.Status parseStatus(String status) {
        try {
            return Delivery.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status '" + status + "' is not one of PENDING, DELIVERED, FAILED");
        }
    }

    private static Map<String, Object[]> fields(Subscription before, Subscription after) {
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("url", new Object[] {before == null ? null : before.url(), after == null ? null : after.url()});
        fields.put("eventTypes", new Object[] {before == null ? null : before.eventTypes(), after == null ? null : after.eventTypes()});
        fields.put("state", new Object[] {before == null ? null : before.state().name(), after == null ? null : after.state().name()});
        return fields;
    }

    private void requireOrganization(UUID orgId) {
        if (organizations.findById(orgId).isEmpty()) {
            throw Caller.organizationNotFound(orgId);
        }
    }

    private Subscription find(UUID orgId, UUID webhookId) {
        return subscriptions.find(orgId, webhookId).orElseThrow(() -> notFound(webhookId));
    }

    private Subscription lock(UUID orgId, UUID webhookId) {
        return subscriptions.lock(orgId, webhookId).orElseThrow(() -> notFound(webhookId));
    }

    private static ApiException notFound(UUID webhookId) {
        return ApiException.notFound("webhook '" + webhookId + "' not found");
    }

    record NewWebhook(@NotBlank @Size(max = 2000) String url,
                      @NotNull @Size(min = 1, max = 50) List<@NotBlank String> eventTypes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookView(UUID id, String url, List<String> eventTypes, String state, String disabledReason,
                       Instant disabledAt, Instant createdAt, Instant updatedAt) {
        static WebhookView of(Subscription s) {
            return new WebhookView(s.id(), s.url(), s.eventTypes(), s.state().name(), s.disabledReason(), s.disabledAt(),
                    s.createdAt(), s.updatedAt());
        }
    }

    /** The one answer that carries the secret. */
    record NewWebhookView(UUID id, String url, List<String> eventTypes, String secret, String state, Instant createdAt,
                          Instant updatedAt) {
        static NewWebhookView of(Subscription s) {
            return new NewWebhookView(s.id(), s.url(), s.eventTypes(), s.secret(), s.state().name(), s.createdAt(),
                    s.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryView(UUID id, UUID eventId, String eventType, String subject, long sequence, String status, int attempts,
                        Instant lastAttemptAt, Integer lastResponseCode, String lastError, Instant nextAttemptAt,
                        Instant deliveredAt, Instant createdAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.subject(), d.sequence(), d.status().name(),
                    d.attempts(), d.lastAttemptAt(), d.lastResponseCode(), d.lastError(),
                    d.status() == Delivery.Status.PENDING ? d.nextAttemptAt() : null, d.deliveredAt(), d.createdAt());
        }
    }
}
