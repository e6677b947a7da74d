-- A service's public-access changes are numbered (1, 2, 3, … in commit order) like the other changes announced
-- as events, so that webhook deliveries keep them in order: the number of the last one.
alter table service add column public_access_sequence bigint not null default 0;
