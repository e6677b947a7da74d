package dev.privatelink.events.webhook;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The organizations' webhook subscriptions. */
@Component
class Subscriptions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A Standard Webhooks signing secret: {@code whsec_} and 32 random bytes in Base64. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    Subscription create(UUID organizationId, String url, List<String> eventTypes, Instant now) {
        Subscription subscription = new Subscription(UUID.randomUUID(), organizationId, url, List.copyOf(eventTypes),
                newSecret(), Subscription.State.ACTIVE, null, null, null, now, now);
        jdbc.sql("""
                        insert into webhook_subscription (id, organization_id, url, event_types, secret, state, created_at, updated_at)
                        values (:id, :org, :url, :types, :secret, 'ACTIVE', :now, :now)""")
                .param("id", subscription.id()).param("org", organizationId).param("url", url)
                .param("types", eventTypes.toArray(String[]::new)).param("secret", subscription.secret())
                .param("now", Timestamp.from(now))
                .update();
        return subscription;
    }

    int count(UUID organizationId) {
        return jdbc.sql("select count(*) from webhook_subscription where organization_id = :org")
                .param("org", organizationId).query(Integer.class).single();
    }

    Optional<Subscription> find(UUID organizationId, UUID id) {
        return jdbc.sql("select * from webhook_subscription where id = :id and organization_id = :org")
                .param("id", id).param("org", organizationId).query(Subscriptions::map).optional();
    }

    /** Locked until the transaction ends. */
    Optional<Subscription> lock(UUID organizationId, UUID id) {
        return jdbc.sql("select * from webhook_subscription where id = :id and organization_id = :org for update")
                .param("id", id).param("org", organizationId).query(Subscriptions::map).optional();
    }

    /** A page in (createdAt, id) order after the given key; one more than {@code limit} when more follow. */
    List<Subscription> page(UUID organizationId, Instant afterCreatedAt, UUID afterId, int limit) {
        return jdbc.sql("""
                        select * from webhook_subscription where organization_id = :org
                          and (created_at > :after or (created_at = :after and id > :afterId))
                        order by created_at, id limit :limit""")
                .param("org", organizationId).param("after", Timestamp.from(afterCreatedAt)).param("afterId", afterId)
                .param("limit", limit).query(Subscriptions::map).list();
    }

    void delete(UUID id) {
        jdbc.sql("delete from webhook_subscription where id = :id").param("id", id).update();
    }

    void enable(UUID id, Instant now) {
        jdbc.sql("""
                        update webhook_subscription set state = 'ACTIVE', disabled_reason = null, disabled_at = null,
                                                        failing_since = null, updated_at = :now
                        where id = :id""")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** A successful delivery: the subscription is healthy again. */
    void succeeded(UUID id) {
        jdbc.sql("update webhook_subscription set failing_since = null where id = :id and failing_since is not null")
                .param("id", id).update();
    }

    /**
     * A failed attempt: counts towards disabling the subscription once it has failed without a success
     * for {@code disableAfter}.
     *
     * @return whether this failure disabled it
     */
    boolean failed(UUID id, Instant now, java.time.Duration disableAfter, String lastError) {
        return jdbc.sql("""
                        update webhook_subscription set
                            failing_since = coalesce(failing_since, :now),
                            state = case when coalesce(failing_since, :now) <= :disableBefore then 'DISABLED' else state end,
                            disabled_at = case when coalesce(failing_since, :now) <= :disableBefore then :now else disabled_at end,
                            disabled_reason = case when coalesce(failing_since, :now) <= :disableBefore
                                then 'deliveries have failed since ' || to_char(coalesce(failing_since, :now) at time zone 'UTC',
                                     'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' without a success; last: ' || :lastError
                                else disabled_reason end,
                            updated_at = case when coalesce(failing_since, :now) <= :disableBefore then :now else updated_at end
                        where id = :id and state = 'ACTIVE'
                        returning state""")
                .param("id", id).param("now", Timestamp.from(now))
                .param("disableBefore", Timestamp.from(now.minus(disableAfter))).param("lastError", lastError)
                .query(String.class).optional().map("DISABLED"::equals).orElse(false);
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
                rs.getString("url"), Arrays.asList((String[]) types.getArray()), rs.getString("secret"),
                Subscription.State.valueOf(rs.getString("state")), rs.getString("disabled_reason"),
                instant(rs, "disabled_at"), instant(rs, "failing_since"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
