-- Every change announced as an event is numbered per resource (1, 2, 3, … in commit order), so that
-- consumers of the events (webhook deliveries) can keep each resource's changes in order.

-- a registration's changes: the number of the last one it recorded
alter table private_endpoint add column event_sequence bigint not null default 0;

-- a service's allow-list changes: a counter row the changing transaction updates and holds until it commits
create table allow_list_sequence (
    service_id  uuid   primary key references service (id) on delete cascade,
    sequence    bigint not null
);
