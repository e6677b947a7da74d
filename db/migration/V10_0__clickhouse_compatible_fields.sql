-- Fields of ClickHouse Cloud's API that this control plane keeps (stores and shows on reads).

-- Organization.enableCoreDumps: kept so clients can round-trip it; no core dumps are collected here.
alter table organization add column enable_core_dumps boolean not null default false;

-- Service.ipAccessList ([{source, description}], kept, not yet enforced) and Service.tags ([{key, value}]),
-- in ClickHouse Cloud's shapes.
alter table service add column ip_access_list jsonb not null default '[]';
alter table service add column tags jsonb not null default '[]';

-- ApiKey.id: ClickHouse Cloud identifies keys by a UUID; key_id stays the HTTP Basic user name.
alter table api_key add column public_id uuid;
update api_key set public_id = gen_random_uuid();
alter table api_key alter column public_id set not null;
create unique index api_key_public_id_idx on api_key (public_id);
