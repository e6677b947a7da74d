package dev.privatelink.reverseendpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference's response schemas are found and do reject what breaks ClickHouse's contract. */
class ClickHouseReferenceUnitTests {

    static final String ONE = "/v1/organizations/{organizationId}/services/{serviceId}/clickpipesReversePrivateEndpoints/{reversePrivateEndpointId}";

    @Test
    void aResponseThatBreaksTheSchemaIsReported() {
        var schema = ClickHouseReference.response(ONE, "get", 200);

        assertThat(ClickHouseReference.errors(schema, """
                {"status":200,"requestId":"not-a-uuid","result":{"id":"x","status":"Sleeping","dnsNames":"a","endpointId":null}}"""))
                .hasSize(5);
        assertThat(ClickHouseReference.errors(schema, """
                {"status":200,"requestId":"0b3f5a56-7a5f-4b53-9d35-8f3c9b0a1c2d","result":{"id":"0b3f5a56-7a5f-4b53-9d35-8f3c9b0a1c2d",
                 "status":"Ready","dnsNames":["a"],"type":"VPC_RESOURCE","vpcEndpointServiceName":null}}""")).isEmpty();
    }
}
