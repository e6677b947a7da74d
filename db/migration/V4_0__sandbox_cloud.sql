-- The sandbox cloud's own state (cloud/sandbox): like a real cloud it survives a restart of the
-- service and is shared by every replica on the same database. Nothing else reads these tables.

-- The platform's endpoint services: AWS VPC endpoint services and Azure Private Link Services.
create table sandbox_endpoint_service (
    -- AWS vpce-svc-<17 hex>; Azure the Private Link Service resource id
    service_id                  text primary key,
    provider                    text        not null check (provider in ('aws', 'azure')),
    account                     text        not null,
    region                      text        not null,
    -- AWS service name (com.amazonaws.vpce.<region>.vpce-svc-…); Azure alias
    service_name                text        not null,
    -- the settled state (AWS Available, Azure Succeeded); Pending is derived from created_at
    state                       text        not null,
    -- AWS regions consumers may connect from; Azure: empty (any region)
    supported_regions           text[]      not null default '{}',
    private_dns_name            text,
    dns_verification_name       text,
    dns_verification_value      text,
    -- outcome of the last verification (verified | failed), visible from dns_verification_due_at
    dns_verification_outcome    text check (dns_verification_outcome in ('verified', 'failed')),
    dns_verification_due_at     timestamptz,
    idempotency_token           text,
    created_at                  timestamptz not null
);
create unique index sandbox_endpoint_service_name_idx on sandbox_endpoint_service (provider, lower(service_name));
create unique index sandbox_endpoint_service_token_idx on sandbox_endpoint_service (provider, idempotency_token);
create index sandbox_endpoint_service_region_idx on sandbox_endpoint_service (provider, region);

-- Customer endpoints and their connection to one endpoint service (one row per endpoint).
create table sandbox_endpoint_connection (
    -- AWS vpce-<17 hex>; Azure the private endpoint's resourceGuid
    endpoint_id           text primary key,
    provider              text        not null check (provider in ('aws', 'azure')),
    service_id            text        not null references sandbox_endpoint_service (service_id),
    -- Azure: private endpoint resource id and the connection's name on the PLS (<peName>.<resourceGuid>)
    endpoint_resource_id  text,
    connection_name       text,
    region                text        not null,
    owner_id              text        not null,
    -- the organization whose key created it through the sandbox's customer API
    organization_id       uuid,
    private_ip            text,
    -- the last commanded state in the cloud's words; AWS pending→available and deleting→deleted
    -- are derived from state_changed_at and the configured latency
    state                 text        not null,
    state_changed_at      timestamptz not null,
    description           text,
    created_at            timestamptz not null
);
create index sandbox_endpoint_connection_service_idx on sandbox_endpoint_connection (service_id, created_at);
create unique index sandbox_endpoint_connection_resource_idx on sandbox_endpoint_connection (lower(endpoint_resource_id));

-- Every call made to the sandbox through the cloud port, with its outcome (ok or the error code).
create table sandbox_ledger (
    id         bigint generated always as identity primary key,
    provider   text        not null,
    operation  text        not null,
    region     text,
    outcome    text        not null,
    at         timestamptz not null
);
create index sandbox_ledger_at_idx on sandbox_ledger (at);

-- The sandbox's DNS zones (Route 53 / Azure Private DNS stand-in).
create table sandbox_dns_record (
    provider       text        not null check (provider in ('aws', 'azure')),
    zone_id        text        not null,
    -- lower case, without the trailing dot
    name           text        not null,
    type           text        not null,
    ttl_seconds    bigint      not null,
    record_values  text[]      not null,
    updated_at     timestamptz not null,
    primary key (provider, zone_id, name, type)
);
create index sandbox_dns_record_name_idx on sandbox_dns_record (provider, name, type);

-- Route 53 style change ids, INSYNC once the configured latency has passed.
create table sandbox_dns_change (
    change_id     text primary key,
    provider      text        not null,
    submitted_at  timestamptz not null
);
