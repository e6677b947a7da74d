-- The sandbox cloud's reverse direction (sandbox/): the customer's side (endpoint services, resource
-- configurations shared over RAM, MSK clusters) and what the platform creates in its own VPC to reach
-- them (VPC endpoints, MSK multi-VPC connections). Like the rest of the sandbox it survives restarts
-- and is shared by replicas; nothing outside the sandbox reads these tables.

-- Customers' VPC endpoint services (behind their network load balancers), in their own accounts.
create table sandbox_customer_endpoint_service (
    -- vpce-svc-<17 hex>
    service_id           text primary key,
    -- com.amazonaws.vpce.<region>.vpce-svc-…
    service_name         text        not null,
    region               text        not null,
    owner_id             text        not null,
    -- the organization whose key created it through the sandbox's customer API
    organization_id      uuid,
    acceptance_required  boolean     not null,
    -- principals allowed to connect: account ids, IAM ARNs or *
    allowed_principals   text[]      not null default '{}',
    -- other regions consumers may connect from (cross-region)
    supported_regions    text[]      not null default '{}',
    private_dns_name     text,
    created_at           timestamptz not null
);
create unique index sandbox_customer_endpoint_service_name_idx on sandbox_customer_endpoint_service (lower(service_name));

-- Customers' VPC Lattice resource configurations, each shared through one RAM resource share.
create table sandbox_resource_configuration (
    -- rcfg-<17 hex>
    resource_configuration_id  text primary key,
    arn                        text        not null unique,
    region                     text        not null,
    owner_id                   text        not null,
    organization_id            uuid,
    -- what it points at: a host name, an IP address or a resource ARN
    resource                   text        not null,
    resource_share_arn         text        not null unique,
    created_at                 timestamptz not null
);

-- RAM invitations of a resource share, one per account it was shared with.
create table sandbox_resource_share_invitation (
    invitation_arn       text primary key,
    resource_share_arn   text        not null references sandbox_resource_configuration (resource_share_arn),
    sender_account_id    text        not null,
    receiver_account_id  text        not null,
    status               text        not null check (status in ('PENDING', 'ACCEPTED', 'REJECTED', 'EXPIRED')),
    created_at           timestamptz not null,
    unique (resource_share_arn, receiver_account_id)
);

-- Customers' MSK clusters with multi-VPC connectivity, and their cluster policy's principals.
create table sandbox_msk_cluster (
    cluster_arn          text primary key,
    name                 text        not null,
    region               text        not null,
    owner_id             text        not null,
    organization_id      uuid,
    -- SASL_IAM, SASL_SCRAM, TLS: what multi-VPC clients may use
    authentication       text[]      not null,
    allowed_principals   text[]      not null default '{}',
    broker_count         int         not null check (broker_count > 0),
    created_at           timestamptz not null
);

-- The platform's VPC endpoints in its own VPC (interface endpoints to customers' endpoint services,
-- resource endpoints to shared resource configurations).
create table sandbox_vpc_endpoint (
    -- vpce-<17 hex>
    vpc_endpoint_id             text primary key,
    region                      text        not null,
    owner_id                    text        not null,
    endpoint_type               text        not null check (endpoint_type in ('Interface', 'Resource')),
    service_name                text,
    service_id                  text references sandbox_customer_endpoint_service (service_id),
    service_region              text,
    resource_configuration_arn  text,
    private_dns_enabled         boolean     not null,
    -- the EC2 ClientToken it was created with (also its privatelink:client-token tag)
    client_token                text        not null unique,
    -- the last commanded state; pending→available and deleting→deleted are derived from
    -- state_changed_at and the configured latency
    state                       text        not null,
    state_changed_at            timestamptz not null,
    created_at                  timestamptz not null
);
create index sandbox_vpc_endpoint_service_idx on sandbox_vpc_endpoint (service_id, created_at);
create index sandbox_vpc_endpoint_region_idx on sandbox_vpc_endpoint (region, state);

-- The platform's MSK multi-VPC connections to customers' clusters.
create table sandbox_msk_vpc_connection (
    vpc_connection_arn  text primary key,
    cluster_arn         text        not null references sandbox_msk_cluster (cluster_arn),
    region              text        not null,
    owner_id            text        not null,
    authentication      text        not null,
    -- our idempotency token, kept as the connection's privatelink:client-token tag
    client_token        text        not null unique,
    -- CREATING→AVAILABLE and DELETING→gone are derived from state_changed_at and the configured latency
    state               text        not null,
    state_changed_at    timestamptz not null,
    created_at          timestamptz not null
);
create index sandbox_msk_vpc_connection_region_idx on sandbox_msk_vpc_connection (region, state);
