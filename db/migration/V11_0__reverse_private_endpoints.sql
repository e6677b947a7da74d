-- Reverse private endpoints (reverseendpoint/, ClickPipes): endpoints the platform creates in its own
-- VPC that reach into a customer's network. One belongs to one service; it outlives the service's row
-- while it is being deleted, so service_id has no foreign key.

create table reverse_private_endpoint (
    id                              uuid primary key,
    organization_id                 uuid        not null references organization (id) on delete cascade,
    service_id                      uuid        not null,
    type                            text        not null check (type in ('VPC_ENDPOINT_SERVICE', 'VPC_RESOURCE', 'MSK_MULTI_VPC')),
    description                     text        not null default '',
    -- the create fields, exactly as sent (echoed back); null when not sent
    vpc_endpoint_service_name       text,
    vpc_resource_configuration_id   text,
    vpc_resource_share_arn          text,
    msk_cluster_arn                 text,
    msk_authentication              text check (msk_authentication in ('SASL_IAM', 'SASL_SCRAM')),
    -- what it reaches, normalised: one live endpoint per target and service
    target_key                      text        not null,
    -- the platform's region the endpoint lives in, and its target's region (differs only cross-region)
    region                          text        not null,
    target_region                   text        not null,
    status                          text        not null check (status in ('Provisioning', 'PendingAcceptance', 'Ready',
        'Failed', 'Rejected', 'Expired', 'Deleting')),
    status_code                     text,
    status_message                  text,
    -- the cloud's own word for the endpoint or connection, once created
    cloud_state                     text,
    -- vpce-… or the MSK VPC connection ARN, once created
    endpoint_id                     text,
    -- when a create was first sent to the cloud: a retry looks for what it made before creating again
    create_requested_at             timestamptz,
    -- VPC_ENDPOINT_SERVICE: whether the customer's service offers a private DNS name to resolve
    private_dns_enabled             boolean     not null default false,
    -- VPC_RESOURCE: the shared resource configuration, once found in the share
    resource_configuration_arn      text,
    dns_names                       text[]      not null default '{}',
    private_dns_names               text[]      not null default '{}',
    -- customPrivateDnsMappings as the customer wants them (order kept) and as they are in the zone
    custom_dns_names                text[]      not null default '{}',
    applied_dns_names               text[]      not null default '{}',
    applied_dns_target              text,
    dns_change_ids                  text[]      not null default '{}',
    dns_error_code                  text,
    dns_error_message               text,
    created_at                      timestamptz not null,
    updated_at                      timestamptz not null,
    version                         bigint      not null default 0
);
create index reverse_private_endpoint_service_idx on reverse_private_endpoint (service_id, created_at, id);
-- a second endpoint to the same target on the same service is refused; one being deleted does not count
create unique index reverse_private_endpoint_target_idx on reverse_private_endpoint (service_id, target_key)
    where status <> 'Deleting';
-- batched observation: the endpoints of a region whose creation or deletion is under way
create index reverse_private_endpoint_region_idx on reverse_private_endpoint (region, status);
