package dev.privatelink.endpoint.registration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.privatelink.service.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The services' allow lists: which registered endpoints may reach each service. */
@Component
public class AllowLists {

    private final JdbcClient jdbc;

    AllowLists(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether it was not on the list before */
    public boolean add(UUID serviceId, UUID endpointId, Instant now) {
        return jdbc.sql("""
                        insert into service_private_endpoint (service_id, private_endpoint_id, added_at)
                        values (:service, :endpoint, :now) on conflict do nothing""")
                .param("service", serviceId).param("endpoint", endpointId).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** @return whether it was on the list */
    public boolean remove(UUID serviceId, UUID endpointId) {
        return jdbc.sql("delete from service_private_endpoint where service_id = :service and private_endpoint_id = :endpoint")
                .param("service", serviceId).param("endpoint", endpointId).update() == 1;
    }

    /** The endpoint ids on a service's list, in the order they were added. */
    public List<String> endpointIds(UUID serviceId) {
        return jdbc.sql("""
                        select e.endpoint_id from service_private_endpoint l
                        join private_endpoint e on e.id = l.private_endpoint_id
                        where l.service_id = :service order by l.added_at, e.endpoint_id""")
                .param("service", serviceId).query(String.class).list();
    }

    /** The services whose lists hold an endpoint. */
    public List<UUID> services(UUID endpointId) {
        return jdbc.sql("select service_id from service_private_endpoint where private_endpoint_id = :endpoint order by added_at")
                .param("endpoint", endpointId).query(UUID.class).list();
    }

    /** The services whose lists hold each of several endpoints. */
    public Map<UUID, List<UUID>> services(Collection<UUID> endpointIds) {
        if (endpointIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        select private_endpoint_id, service_id from service_private_endpoint
                        where private_endpoint_id in (:endpoints) order by added_at""")
                .param("endpoints", endpointIds)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** Whether an endpoint is on the list of a service of the given tier. */
    public boolean onListOfTier(UUID endpointId, Tier tier) {
        return jdbc.sql("""
                        select exists (select 1 from service_private_endpoint l join service s on s.id = l.service_id
                                       where l.private_endpoint_id = :endpoint and s.tier = :tier)""")
                .param("endpoint", endpointId).param("tier", tier.name()).query(Boolean.class).single();
    }
}
