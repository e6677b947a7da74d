-- Organization-wide private endpoints and a service's public side (issue 12).

-- A registration's scope: SERVICE (allowed where it is on a service's allow list) or ORGANIZATION
-- (allowed on every service of its organization in its provider and region, present and future).
alter table private_endpoint add column scope text not null default 'SERVICE'
    check (scope in ('SERVICE', 'ORGANIZATION'));
-- the feed, the service reads and the Azure approval rule look organization-wide registrations up by
-- organization, provider and region
create index private_endpoint_organization_wide_idx on private_endpoint (organization_id, provider, region)
    where scope = 'ORGANIZATION';

-- The public endpoint switch: false closes the service's public side (reachable only through private
-- endpoints). The IP access list (ip_access_list) narrows the public side while it is open.
alter table service add column public_endpoint_enabled boolean not null default true;
