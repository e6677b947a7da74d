-- Inbound private endpoints: the platform's endpoint services, the organizations' endpoint
-- registrations, the services' allow lists, the data-plane feed version and idempotency keys.

-- The platform's own published endpoint services (AWS VPC endpoint services, Azure Private Link Services).
create table endpoint_service (
    id                 uuid primary key,
    provider           text        not null check (provider in ('aws', 'azure')),
    region             text        not null,
    account            text,
    -- what customers point their endpoint at: AWS service name, Azure alias (null until verified)
    service_name       text,
    cloud_resource_id  text        not null,
    state              text        not null check (state in ('VERIFYING', 'AVAILABLE', 'FAILED')),
    state_reason       text,
    -- AWS regions consumers may connect from, comma separated; empty for Azure
    supported_regions  text        not null default '',
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    version            bigint      not null default 0,
    unique (provider, cloud_resource_id)
);
create index endpoint_service_region_idx on endpoint_service (provider, region, state);

-- Which endpoint service serves an organization in a provider and region: stable once chosen,
-- so that every service of the organization there is grouped onto it.
create table endpoint_service_assignment (
    organization_id      uuid        not null references organization (id) on delete cascade,
    provider             text        not null,
    region               text        not null,
    endpoint_service_id  uuid        not null references endpoint_service (id),
    assigned_at          timestamptz not null,
    primary key (organization_id, provider, region)
);
create index endpoint_service_assignment_load_idx on endpoint_service_assignment (endpoint_service_id);

-- A customer endpoint registered with an organization, and where its connection stands.
create table private_endpoint (
    id                   uuid primary key,
    organization_id      uuid        not null references organization (id) on delete cascade,
    provider             text        not null check (provider in ('aws', 'azure')),
    -- as the customer registered it: vpce-…, Azure resourceGuid or private endpoint resource id
    endpoint_id          text        not null,
    region               text        not null,
    description          text        not null default '',
    status               text        not null check (status in ('Provisioning', 'WaitingForConnection',
        'PendingAcceptance', 'Ready', 'Rejected', 'Failed', 'Expired', 'Deleting')),
    status_code          text,
    status_message       text,
    -- the cloud's own word for the connection, once found
    connection_state     text,
    endpoint_service_id  uuid references endpoint_service (id),
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    version              bigint      not null default 0
);
-- ids are compared without regard to case (vpce ids, GUIDs and Azure resource ids all are)
create unique index private_endpoint_id_idx on private_endpoint (organization_id, provider, lower(endpoint_id));
create index private_endpoint_page_idx on private_endpoint (organization_id, created_at, id);
create index private_endpoint_status_idx on private_endpoint (provider, status);

-- A service's allow list: the registered endpoints that may reach it.
create table service_private_endpoint (
    service_id           uuid        not null references service (id) on delete cascade,
    private_endpoint_id  uuid        not null references private_endpoint (id) on delete cascade,
    added_at             timestamptz not null,
    primary key (service_id, private_endpoint_id)
);
create index service_private_endpoint_endpoint_idx on service_private_endpoint (private_endpoint_id);

-- The data-plane allow-list feed's version per provider and region, bumped in the same transaction
-- as any change to what the feed shows.
create table endpoint_filter_version (
    provider  text   not null,
    region    text   not null,
    version   bigint not null,
    primary key (provider, region)
);

-- Idempotency keys of POST and PATCH requests, per API key, kept for a day.
create table idempotency_key (
    key_id            text        not null,
    idempotency_key   text        not null,
    request_hash      text        not null,
    state             text        not null check (state in ('IN_FLIGHT', 'DONE')),
    response_status   int,
    response_type     text,
    response_etag     text,
    response_body     bytea,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    primary key (key_id, idempotency_key)
);
create index idempotency_key_expiry_idx on idempotency_key (expires_at);
