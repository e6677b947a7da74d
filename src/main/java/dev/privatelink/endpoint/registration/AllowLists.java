package dev.privatelink.endpoint.registration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.privatelink.endpoint.EndpointStatus;
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
        return endpointIds(List.of(serviceId)).getOrDefault(serviceId, List.of());
    }

    /** The endpoint ids on several services' lists, each in the order they were added (absent: an empty list). */
    public Map<UUID, List<String>> endpointIds(Collection<UUID> serviceIds) {
        if (serviceIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        select l.service_id, e.endpoint_id from service_private_endpoint l
                        join private_endpoint e on e.id = l.private_endpoint_id
                        where l.service_id in (:services) order by l.added_at, e.endpoint_id""")
                .param("services", serviceIds)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /**
     * For each of several services, its organization's registrations in its provider and region that are
     * not on its list and not being removed, oldest first (absent: none). One query, whatever the counts:
     * every service read shows them.
     */
    public Map<UUID, List<String>> notListed(Collection<UUID> serviceIds) {
        if (serviceIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        select s.id, e.endpoint_id from service s
                        join private_endpoint e on e.organization_id = s.organization_id
                                               and e.provider = s.provider and e.region = s.region
                        where s.id in (:services) and e.status <> :deleting
                          and not exists (select 1 from service_private_endpoint l
                                          where l.service_id = s.id and l.private_endpoint_id = e.id)
                        order by e.created_at, e.id""")
                .param("services", serviceIds).param("deleting", EndpointStatus.DELETING.wireName())
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
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
