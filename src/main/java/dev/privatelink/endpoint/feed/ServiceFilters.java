package dev.privatelink.endpoint.feed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.endpoint.registration.ServiceHostnames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the feed shows per service of a provider and region: its private hostname and the Ready endpoints allowed to reach it. */
@Component
class ServiceFilters {

    private final JdbcClient jdbc;
    private final ServiceHostnames hostnames;

    ServiceFilters(JdbcClient jdbc, ServiceHostnames hostnames) {
        this.jdbc = jdbc;
        this.hostnames = hostnames;
    }

    /** Every service of the provider and region, oldest first, each with its Ready allowed endpoint ids. */
    List<ServiceFilter> inRegion(CloudProvider provider, String region) {
        Map<UUID, ServiceFilter> services = new LinkedHashMap<>();
        jdbc.sql("""
                        select s.id, s.service_key, e.endpoint_id from service s
                        left join service_private_endpoint l on l.service_id = s.id
                        left join private_endpoint e on e.id = l.private_endpoint_id and e.status = 'Ready'
                        where s.provider = :provider and s.region = :region
                        order by s.created_at, s.id, e.endpoint_id""")
                .param("provider", provider.wireName()).param("region", region)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .list()
                .forEach(row -> {
                    ServiceFilter filter = services.computeIfAbsent(row.serviceId(), id -> new ServiceFilter(id,
                            hostnames.hostname(row.serviceKey(), provider, region), new ArrayList<>()));
                    if (row.endpointId() != null) {
                        filter.allowedEndpointIds().add(row.endpointId());
                    }
                });
        return List.copyOf(services.values());
    }

    private record Row(UUID serviceId, String serviceKey, String endpointId) {
    }

    record ServiceFilter(UUID serviceId, String privateDnsHostname, List<String> allowedEndpointIds) {
    }
}
