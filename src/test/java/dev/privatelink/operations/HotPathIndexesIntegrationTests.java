package dev.privatelink.operations;

import java.util.List;
import java.util.UUID;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lookup on the registration and read hot paths has an index that serves it: EXPLAIN of the
 * statements the code runs (with sequential scans priced out, as on a table of millions of rows)
 * shows an index scan on the table, never a sequential one. The plans are printed.
 */
@IntegrationTest
class HotPathIndexesIntegrationTests {

    @Autowired
    TestApi api;
    @Autowired
    PlatformTransactionManager transactions;

    static final UUID ID = UUID.randomUUID();

    /** The statement, with its parameters inlined, and the table whose access it must make by index. */
    record Lookup(String what, String table, String sql) {
    }

    static final List<Lookup> LOOKUPS = List.of(
            new Lookup("another organization's registration of the endpoint (every new registration)", "private_endpoint",
                    "select * from private_endpoint where provider = 'aws' and lower(endpoint_id) = lower('vpce-0123') and id <> '" + ID + "'"),
            new Lookup("the organization's registration by endpoint id (PATCH)", "private_endpoint",
                    "select * from private_endpoint where organization_id = '" + ID + "' and provider = 'aws' and lower(endpoint_id) = lower('vpce-0123')"),
            new Lookup("the organization's registration by endpoint id, any provider (GET …/privateEndpoints/{id})", "private_endpoint",
                    "select * from private_endpoint where organization_id = '" + ID + "' and provider in ('aws', 'azure') "
                            + "and lower(endpoint_id) = lower('vpce-0123') order by created_at limit 1"),
            new Lookup("the organization's service (privateEndpointConfig)", "service",
                    "select provider, region, service_key from service where id = '" + ID + "' and organization_id = '" + ID + "'"),
            new Lookup("the registrations of an endpoint service", "private_endpoint",
                    "select id from private_endpoint where endpoint_service_id = '" + ID + "'"),
            new Lookup("the organization's registrations (organization GET/PATCH)", "private_endpoint",
                    "select provider, endpoint_id, id, description, region, status from private_endpoint where organization_id = '"
                            + ID + "' order by created_at, id"),
            new Lookup("the services listing a registration (feed version, GET …/privateEndpoints/{id})", "service_private_endpoint",
                    "select service_id from service_private_endpoint where private_endpoint_id = '" + ID + "'"),
            new Lookup("the latest workflow of a registration (GET …/privateEndpoints/{id})", "workflow",
                    "select * from workflow where subject_id = '" + ID + "' order by created_at desc limit 1"),
            new Lookup("a workflow's latest history (GET …/privateEndpoints/{id})", "workflow_history",
                    "select * from workflow_history where workflow_id = '" + ID + "' order by seq desc limit 50"),
            new Lookup("the workflows parked on an endpoint service's batch", "workflow_batch_wait",
                    "select * from workflow_batch_wait where batch = 'inbound-endpoint.connections' and batch_key = 'k'"),
            new Lookup("a feed's per-service versions", "endpoint_filter_service_version",
                    "select sum(version) from endpoint_filter_service_version where provider = 'aws' and region = 'us-east-2'"),
            new Lookup("the sandbox's connection by id, any case (accept, reject)", "sandbox_endpoint_connection",
                    "select * from sandbox_endpoint_connection where provider = 'aws' and (lower(endpoint_id) = lower('vpce-1') "
                            + "or lower(endpoint_resource_id) = lower('vpce-1'))"),
            new Lookup("the sandbox's connections of an endpoint service (listing)", "sandbox_endpoint_connection",
                    "select * from sandbox_endpoint_connection where service_id = 'vpce-svc-1' order by created_at, endpoint_id"),
            new Lookup("the endpoint service assigned to an organization (privateEndpointConfig)", "endpoint_service_assignment",
                    "select endpoint_service_id from endpoint_service_assignment where organization_id = '" + ID
                            + "' and provider = 'aws' and region = 'us-east-2'"));

    @Test
    void everyHotPathLookupIsAnIndexScan() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            api.jdbc().sql("set local enable_seqscan = off").update();
            for (Lookup lookup : LOOKUPS) {
                String plan = String.join("\n", api.jdbc().sql("explain " + lookup.sql()).query(String.class).list());
                System.out.printf("[explain] %s%n%s%n", lookup.what(), plan);
                assertThat(plan).as(lookup.what()).doesNotContain("Seq Scan on " + lookup.table())
                        .containsPattern("Index (Only )?Scan (Backward )?using \\w+ on " + lookup.table() + "|Bitmap Index Scan on \\w+");
            }
        });
    }
}
