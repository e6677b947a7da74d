-- Organizations, their managed-database services and API keys.

create table organization (
    id          uuid primary key,
    name        text        not null check (length(name) between 1 and 200),
    plan        text        not null check (plan in ('BASIC', 'SCALE', 'ENTERPRISE')),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint      not null default 0
);
-- bootstrap looks organizations up by name
create index organization_name_idx on organization (name);
create index organization_page_idx on organization (created_at, id);

create table service (
    id               uuid primary key,
    organization_id  uuid        not null references organization (id),
    name             text        not null check (length(name) between 1 and 200),
    provider         text        not null check (provider in ('aws', 'azure')),
    region           text        not null,
    tier             text        not null check (tier in ('PRODUCTION', 'DEVELOPMENT')),
    state            text        not null,
    -- short, stable, lower-case id used in the service's private DNS hostname
    service_key      text        not null unique,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint      not null default 0,
    unique (organization_id, name)
);
create index service_page_idx on service (organization_id, created_at, id);

create table api_key (
    key_id           text primary key,
    organization_id  uuid        not null references organization (id),
    name             text        not null,
    role             text        not null check (role in ('ADMIN', 'DEVELOPER', 'OPERATOR')),
    state            text        not null check (state in ('ACTIVE', 'REVOKED')),
    secret_hash      text        not null,
    expires_at       timestamptz,
    last_used_at     timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint      not null default 0
);
create index api_key_page_idx on api_key (organization_id, created_at, key_id);
