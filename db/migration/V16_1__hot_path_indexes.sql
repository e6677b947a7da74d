-- Indexes for the lookups on the registration and read hot paths (issue 9); each is proven used by
-- HotPathIndexesIntegrationTests (EXPLAIN).

-- the other-organization check of every new registration: the same endpoint in any organization
create index private_endpoint_endpoint_idx on private_endpoint (provider, lower(endpoint_id));
-- the batch of an endpoint service: its registrations
create index private_endpoint_endpoint_service_idx on private_endpoint (endpoint_service_id) where endpoint_service_id is not null;
-- the sandbox's connection lookup by id in any case (accept, reject, the customer's reads)
create index sandbox_endpoint_connection_lower_id_idx on sandbox_endpoint_connection (provider, lower(endpoint_id));
create index sandbox_endpoint_connection_lower_resource_idx on sandbox_endpoint_connection (provider, lower(endpoint_resource_id));
