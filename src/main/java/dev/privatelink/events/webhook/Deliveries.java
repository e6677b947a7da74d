package dev.privatelink.events.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.privatelink.events.webhook.Subscriptions.instant;

/** The deliveries of events to subscriptions, and their lanes. */
@Component
class Deliveries {

    private static final int MAX_ERROR = 500;

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One delivery per subscription of the event's organization that asked for its type; none twice. A
     * disabled subscription gets its deliveries too: they wait, in order, until it is enabled.
     *
     * @return the subscriptions that got one
     */
    List<UUID> fanOut(UUID eventId, Instant now, Duration retryFor) {
        return jdbc.sql("""
                        insert into webhook_delivery (id, subscription_id, event_id, subject, sequence, status, attempts,
                                                      next_attempt_at, retry_until, created_at)
                        select gen_random_uuid(), s.id, e.id, e.subject, e.sequence, 'PENDING', 0, :now, :until, :now
                        from webhook_event e join webhook_subscription s on s.organization_id = e.organization_id
                        where e.id = :event and e.type = any(s.event_types)
                        on conflict (subscription_id, event_id) do nothing
                        returning subscription_id""")
                .param("event", eventId).param("now", Timestamp.from(now)).param("until", Timestamp.from(now.plus(retryFor)))
                .query(UUID.class).list();
    }

    /** The next delivery of a lane, with what sending it needs; one statement, so one consistent view. */
    Optional<Due> head(Delivery.Lane lane) {
        return jdbc.sql("""
                        select d.*, e.type, e.body, e.organization_id, e.recorded_at, s.url, s.secret, s.state,
                               (d.sequence <= 1 or exists (select 1 from webhook_event p
                                                           where p.organization_id = e.organization_id
                                                             and p.subject = e.subject and p.sequence = e.sequence - 1))
                                   as predecessor_recorded
                        from webhook_delivery d
                        join webhook_event e on e.id = d.event_id
                        join webhook_subscription s on s.id = d.subscription_id
                        where d.subscription_id = :subscription and d.subject = :subject and d.status = 'PENDING'
                        order by d.sequence, d.created_at limit 1""")
                .param("subscription", lane.subscriptionId()).param("subject", lane.subject())
                .query((rs, n) -> new Due(map(rs, n), rs.getString("url"), rs.getString("secret"),
                        "ACTIVE".equals(rs.getString("state")), rs.getString("body"), rs.getBoolean("predecessor_recorded"),
                        instant(rs, "recorded_at")))
                .optional();
    }

    record Due(Delivery delivery, String url, String secret, boolean subscriptionActive, String body,
               boolean predecessorRecorded, Instant recordedAt) {
    }

    void delivered(UUID id, int code, Instant now) {
        jdbc.sql("""
                        update webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = :now,
                               last_response_code = :code, last_error = null, next_attempt_at = null, delivered_at = :now
                        where id = :id""")
                .param("id", id).param("code", code).param("now", Timestamp.from(now)).update();
    }

    /** A failed attempt: due again at {@code next}, or given up (FAILED) when {@code next} is null. */
    void attemptFailed(UUID id, Integer code, String error, Instant now, Instant next) {
        jdbc.sql("""
                        update webhook_delivery set status = case when cast(:next as timestamptz) is null then 'FAILED' else 'PENDING' end,
                               attempts = attempts + 1, last_attempt_at = :now, last_response_code = :code,
                               last_error = :error, next_attempt_at = :next
                        where id = :id""")
                .param("id", id).param("code", code).param("error", truncate(error)).param("now", Timestamp.from(now))
                .param("next", next == null ? null : Timestamp.from(next)).update();
    }

    /** Whether a lane has a delivery due now (its subscription active). */
    boolean hasDue(Delivery.Lane lane, Instant now) {
        return jdbc.sql("""
                        select exists (select 1 from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                                       where d.subscription_id = :subscription and d.subject = :subject
                                         and d.status = 'PENDING' and d.next_attempt_at <= :now and s.state = 'ACTIVE')""")
                .param("subscription", lane.subscriptionId()).param("subject", lane.subject()).param("now", Timestamp.from(now))
                .query(Boolean.class).single();
    }

    /** Lanes with a delivery due for a while that no execution is scheduled for: their wake-up was lost. */
    List<Delivery.Lane> stranded(Instant dueBefore, String laneTask) {
        return jdbc.sql("""
                        select distinct d.subscription_id, d.subject from webhook_delivery d
                        join webhook_subscription s on s.id = d.subscription_id and s.state = 'ACTIVE'
                        where d.status = 'PENDING' and d.next_attempt_at <= :before
                          and not exists (select 1 from webhook_scheduled_tasks t
                                          where t.task_name = :task and t.task_instance = d.subscription_id || '|' || d.subject)
                        limit 1000""")
                .param("before", Timestamp.from(dueBefore)).param("task", laneTask)
                .query((rs, n) -> new Delivery.Lane(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }

    Optional<Delivery> find(UUID subscriptionId, UUID id) {
        return jdbc.sql(SELECT + " where d.id = :id and d.subscription_id = :subscription")
                .param("id", id).param("subscription", subscriptionId).query(Deliveries::map).optional();
    }

    /** A page in (createdAt, id) order, optionally of one status; one more than {@code limit} when more follow. */
    List<Delivery> page(UUID subscriptionId, String status, Instant afterCreatedAt, UUID afterId, int limit) {
        return jdbc.sql(SELECT + """
                         where d.subscription_id = :subscription
                          and (cast(:status as text) is null or d.status = cast(:status as text))
                          and (d.created_at > :after or (d.created_at = :after and d.id > :afterId))
                        order by d.created_at, d.id limit :limit""")
                .param("subscription", subscriptionId).param("status", status)
                .param("after", Timestamp.from(afterCreatedAt)).param("afterId", afterId).param("limit", limit)
                .query(Deliveries::map).list();
    }

    /** Sends a delivery again, whatever became of it, with a fresh retry window. */
    void redeliver(UUID id, Instant now, Instant retryUntil) {
        jdbc.sql("""
                        update webhook_delivery set status = 'PENDING', next_attempt_at = :now, retry_until = :until,
                               delivered_at = null
                        where id = :id""")
                .param("id", id).param("now", Timestamp.from(now)).param("until", Timestamp.from(retryUntil)).update();
    }

    /** A subscription enabled again: its pending deliveries are due now, with fresh retry windows. */
    List<Delivery.Lane> restartPending(UUID subscriptionId, Instant now, Instant retryUntil) {
        return jdbc.sql("""
                        update webhook_delivery set next_attempt_at = :now, retry_until = :until
                        where subscription_id = :subscription and status = 'PENDING'
                        returning subject""")
                .param("subscription", subscriptionId).param("now", Timestamp.from(now))
                .param("until", Timestamp.from(retryUntil))
                .query(String.class).list().stream().distinct().map(s -> new Delivery.Lane(subscriptionId, s)).toList();
    }

    /**
     * Forgets finished deliveries and sent events older than {@code before}; pending ones are kept, unless
     * they wait for a subscription that has stayed disabled all that time.
     */
    int purge(Instant before) {
        int deliveries = jdbc.sql("""
                        delete from webhook_delivery d where d.created_at < :before
                          and (d.status <> 'PENDING' or exists (select 1 from webhook_subscription s
                                                                where s.id = d.subscription_id and s.state = 'DISABLED'))""")
                .param("before", Timestamp.from(before)).update();
        int events = jdbc.sql("""
                        delete from webhook_event e where e.recorded_at < :before
                          and not exists (select 1 from webhook_delivery d where d.event_id = e.id)""")
                .param("before", Timestamp.from(before)).update();
        return deliveries + events;
    }

    private static final String SELECT = """
            select d.*, e.type from webhook_delivery d join webhook_event e on e.id = d.event_id""";

    private static Delivery map(ResultSet rs, int row) throws SQLException {
        Integer code = rs.getObject("last_response_code", Integer.class);
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getString("type"), rs.getString("subject"), rs.getLong("sequence"),
                Delivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                instant(rs, "retry_until"), instant(rs, "last_attempt_at"), code,
                rs.getString("last_error"), instant(rs, "delivered_at"), instant(rs, "created_at"));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
