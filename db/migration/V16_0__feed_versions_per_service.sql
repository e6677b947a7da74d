-- The data-plane feed's version without a hot row on the commit path (issue 9). Until now every change
-- of a provider and region upserted one row of endpoint_filter_version, so every Ready commit of the
-- region queued on that row. Now a change bumps a version row per service whose allow list it touched
-- (a registration becoming Ready bumps the services listing it, a batch of them once per service); the
-- region row moves only when a service leaves the feed, by that service's version + 1. The feed's
-- version is the region row plus the sum of its services' rows: it rises with every committed change,
-- in commit order, and equals the old version for existing data.
create table endpoint_filter_service_version (
    service_id  uuid   primary key,
    provider    text   not null,
    region      text   not null,
    version     bigint not null
);
create index endpoint_filter_service_version_region_idx on endpoint_filter_service_version (provider, region);
