-- Durable workflows (see workflow/): one row per workflow, one history row per step execution.
-- Steps are executed by db-scheduler (scheduled_tasks, V1_1); this is the state it works on.

create table workflow (
    id                  uuid primary key,
    type                text        not null,
    subject_id          uuid        not null,
    status              text        not null
        check (status in ('RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED')),
    step_index          int         not null check (step_index >= 0),
    current_step        text        not null,
    -- counted attempts of the current step (retries only), 1-based
    attempt             int         not null check (attempt >= 1),
    -- first execution of the current step: its deadline counts from here
    step_started_at     timestamptz,
    next_attempt_at     timestamptz,
    last_error_code     text,
    last_error_message  text,
    -- the db-scheduler execution ("<id>/<schedule_seq>") that is allowed to run the next step
    schedule_seq        bigint      not null,
    -- fencing token: bumped when a step execution starts and on cancel; an outcome commits only if unchanged
    fence               bigint      not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index workflow_subject_idx on workflow (subject_id, created_at desc);
create index workflow_page_idx on workflow (created_at, id);
create index workflow_status_page_idx on workflow (status, created_at, id);

create table workflow_history (
    workflow_id    uuid        not null references workflow (id) on delete cascade,
    -- the schedule_seq of the execution: one committed outcome per execution
    seq            bigint      not null,
    step           text        not null,
    attempt        int         not null,
    started_at     timestamptz not null,
    finished_at    timestamptz not null,
    outcome        text        not null,
    error_code     text,
    error_message  text,
    primary key (workflow_id, seq)
);
