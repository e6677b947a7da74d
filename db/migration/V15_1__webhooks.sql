-- Webhooks (events/): the organizations' subscriptions, every event as it is sent, and one delivery per
-- event and subscription with its attempts.

create table webhook_subscription (
    id               uuid primary key,
    organization_id  uuid        not null references organization (id) on delete cascade,
    url              text        not null,
    event_types      text[]      not null,
    -- Standard Webhooks signing secret (whsec_<base64>): the HMAC key, so it is kept, and shown only once
    secret           text        not null,
    state            text        not null check (state in ('ACTIVE', 'DISABLED')),
    disabled_reason  text,
    disabled_at      timestamptz,
    -- first failed attempt since the last successful one: a subscription failing long enough is disabled
    failing_since    timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index webhook_subscription_page_idx on webhook_subscription (organization_id, created_at, id);

-- Every event, as the CloudEvent JSON that is signed and sent (the same bytes on every attempt).
create table webhook_event (
    id               uuid primary key,
    organization_id  uuid        not null,
    type             text        not null,
    -- the resource, and its change number (1, 2, 3, … in commit order): deliveries keep this order
    subject          text        not null,
    sequence         bigint      not null,
    occurred_at      timestamptz not null,
    body             text        not null,
    recorded_at      timestamptz not null,
    unique (organization_id, subject, sequence)
);
create index webhook_event_recorded_idx on webhook_event (recorded_at);

create table webhook_delivery (
    id                  uuid primary key,
    subscription_id     uuid        not null references webhook_subscription (id) on delete cascade,
    event_id            uuid        not null references webhook_event (id) on delete cascade,
    subject             text        not null,
    sequence            bigint      not null,
    status              text        not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts            int         not null default 0,
    next_attempt_at     timestamptz,
    -- retried until then, with backoff; FAILED after (a redelivery starts a new window)
    retry_until         timestamptz not null,
    last_attempt_at     timestamptz,
    last_response_code  int,
    last_error          text,
    delivered_at        timestamptz,
    created_at          timestamptz not null,
    unique (subscription_id, event_id)
);
-- a delivery lane: one subscription's pending deliveries for one resource, oldest change first
create index webhook_delivery_lane_idx on webhook_delivery (subscription_id, subject, sequence) where status = 'PENDING';
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_page_idx on webhook_delivery (subscription_id, created_at, id);
create index webhook_delivery_event_idx on webhook_delivery (event_id);

-- A db-scheduler table of its own: deliveries run on their own scheduler and threads, so a slow or dead
-- receiver never takes the workflow steps' threads (same layout as scheduled_tasks, V1_1).
create table webhook_scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index webhook_scheduled_tasks_execution_time_idx on webhook_scheduled_tasks (execution_time);
create index webhook_scheduled_tasks_last_heartbeat_idx on webhook_scheduled_tasks (last_heartbeat);
create index webhook_scheduled_tasks_priority_idx on webhook_scheduled_tasks (priority desc, execution_time asc);
