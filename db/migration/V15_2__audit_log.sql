-- The audit log (events/): every change made through the API, who made it and what it changed.
create table audit_entry (
    id               uuid primary key,
    -- the organization the changed resource belongs to; null for platform resources (operators only)
    organization_id  uuid,
    at               timestamptz not null,
    key_id           text        not null,
    role             text        not null,
    request_id       text,
    -- "PATCH /v1/organizations/{orgId}/services/{serviceId}" and the path as called
    action           text        not null,
    path             text        not null,
    resource_type    text,
    resource_id      text,
    -- [{"field": …, "before": …, "after": …}]; never a secret
    changes          jsonb       not null
);
create index audit_entry_organization_idx on audit_entry (organization_id, at, id);
create index audit_entry_page_idx on audit_entry (at, id);
