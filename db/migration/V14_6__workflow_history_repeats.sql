-- A run of identical WAIT (or THROTTLED) executions of one step and attempt is one history row: the
-- engine counts repeats into the latest row instead of adding one per re-check (a registration waiting
-- days for its connection kept thousands of rows).
alter table workflow_history add column times int not null default 1 check (times >= 1);
