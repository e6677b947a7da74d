/**
 * Telling callers what changed: every change of a private endpoint registration (and, when built, of a
 * reverse endpoint), of an allow list and of public access becomes a CloudEvent, written in the
 * transaction of the change through Spring Modulith's event publication registry (the transactional
 * outbox), delivered to the organizations' webhook subscriptions with Standard Webhooks signatures,
 * retried on a durable engine of its own, in order per resource; optionally bridged to a message broker.
 * Also the audit log of every change made through the API.
 *
 * <p>Consumes the other modules' events through their APIs only; no other module depends on this one.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Events, webhooks and audit")
package dev.privatelink.events;
