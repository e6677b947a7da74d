-- Workflows parked on a batch (issue 9): a step that needs what one cloud call serves for many (an
-- endpoint service's connections, a region's endpoints) records it here and frees its thread; one run
-- of the batch per key (a db-scheduler execution 'workflow-batch', '<batch>|<key>') decides every
-- workflow parked on that key and commits them together. A row is valid while its workflow is WAITING
-- with schedule_seq = seq; anything else is left over and dropped by the next run.
create table workflow_batch_wait (
    workflow_id  uuid        not null references workflow (id) on delete cascade,
    batch        text        not null,
    batch_key    text        not null,
    seq          bigint      not null,
    -- the first key the step named: the one whose run speaks for the workflow when nothing is found
    is_primary   boolean     not null,
    parked_at    timestamptz not null,
    primary key (workflow_id, batch, batch_key)
);
create index workflow_batch_wait_key_idx on workflow_batch_wait (batch, batch_key);
