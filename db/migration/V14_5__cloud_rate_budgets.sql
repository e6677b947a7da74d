-- The clouds' rate budgets, shared by every replica: one Bucket4j token bucket per provider, account,
-- region and API class (and window shape, so a changed setting starts a fresh bucket). Bucket4j's
-- select-for-update PostgreSQL backend reads and writes `state` in one short transaction per permit.
-- `expires_at` (epoch ms) is when an untouched bucket would be full again; such rows carry no
-- information and are purged periodically.
--
-- UNLOGGED: a permit's commit then waits for no WAL flush (about 3 ms less per cloud call with fsync
-- on). The price is small and bounded: after a PostgreSQL crash or a failover to a standby the table
-- is empty, so every budget starts full again, i.e. at most one extra window of calls.
CREATE UNLOGGED TABLE cloud_rate_budget
(
  id         TEXT PRIMARY KEY,
  state      BYTEA,
  expires_at BIGINT
);
