-- A reverse endpoint's changes are numbered like a registration's (1, 2, 3, … in commit order), so that
-- webhook deliveries keep each reverse endpoint's events in order: the number of the last one it recorded.
alter table reverse_private_endpoint add column event_sequence bigint not null default 0;
