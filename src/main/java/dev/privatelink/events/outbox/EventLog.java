package dev.privatelink.events.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import dev.privatelink.events.broker.BrokerBridge;
import dev.privatelink.events.cloudevent.CloudEventFormat;
import dev.privatelink.events.cloudevent.ResourceEvent;
import dev.privatelink.events.webhook.DeliveryEngine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records each change once, as the CloudEvent that is sent, and fans it out: a delivery per subscription
 * that asked for its type (and, when the broker bridge is on, a message). Recording the same change
 * again (the registry hands a change over again after a crash or a failure) does nothing.
 */
@Component
class EventLog {

    private final JdbcClient jdbc;
    private final CloudEventFormat format;
    private final DeliveryEngine deliveries;
    private final BrokerBridge broker;
    private final Clock clock;

    EventLog(JdbcClient jdbc, CloudEventFormat format, DeliveryEngine deliveries, BrokerBridge broker, Clock clock) {
        this.jdbc = jdbc;
        this.format = format;
        this.deliveries = deliveries;
        this.broker = broker;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void record(ResourceEvent event) {
        String body = format.write(event);
        Instant now = clock.instant();
        int recorded = jdbc.sql("""
                        insert into webhook_event (id, organization_id, type, subject, sequence, occurred_at, body, recorded_at)
                        values (:id, :org, :type, :subject, :sequence, :occurred, :body, :now)
                        on conflict do nothing""")
                .param("id", event.id()).param("org", event.organizationId()).param("type", event.type())
                .param("subject", event.subject()).param("sequence", event.sequence())
                .param("occurred", Timestamp.from(event.time())).param("body", body).param("now", Timestamp.from(now))
                .update();
        if (recorded == 0) {
            return; // handed over again: recorded and fanned out the first time
        }
        deliveries.fanOut(event.id(), event.subject(), now);
        broker.publish(event, body);
    }
}
