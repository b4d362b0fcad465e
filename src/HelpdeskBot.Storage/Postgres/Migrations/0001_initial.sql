-- HelpdeskBot schema 1 for PostgreSQL (13+). Rate-limit windows are bigint microseconds since the Unix epoch.

-- Troubleshooting cases (one per user and target) with an optimistic-concurrency version.
CREATE TABLE cases (
    case_id         text        NOT NULL PRIMARY KEY,
    conversation_id text        NOT NULL,
    user_id         text        NOT NULL,
    target          text        NOT NULL,
    status          text        NOT NULL,
    state_json      text        NOT NULL,
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX ix_cases_conversation_user ON cases (conversation_id, user_id, updated_at);
CREATE INDEX ix_cases_user ON cases (user_id, updated_at);
CREATE INDEX ix_cases_updated ON cases (updated_at);

-- Audit of each conversation step.
CREATE TABLE case_events (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   text        NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    version   bigint      NOT NULL,
    kind      text        NOT NULL,
    data_json text        NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

-- Escalation outbox: pending -> in_progress (leased) -> sent | parked; parked -> pending on replay.
CREATE TABLE outbox (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    escalation_id      text        NOT NULL UNIQUE,
    case_id            text        NOT NULL,
    payload            json        NOT NULL, -- json, not jsonb: keeps the document byte for byte (header order of the evidence)
    state              text        NOT NULL CHECK (state IN ('pending', 'in_progress', 'sent', 'parked')),
    attempts           integer     NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    next_attempt_at    timestamptz NOT NULL,
    lease_owner        text        NULL,
    lease_expires_at   timestamptz NULL,
    last_error         text        NULL,
    ticket_provider    text        NULL,
    ticket_number      text        NULL,
    ticket_url         text        NULL,
    ticket_external_id text        NULL,
    updated_at         timestamptz NOT NULL
);
-- The claim query reads only these two slices; sent rows (the bulk over time) stay out of both indexes.
CREATE INDEX ix_outbox_pending_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX ix_outbox_leased ON outbox (lease_expires_at) WHERE state = 'in_progress';
CREATE INDEX ix_outbox_state ON outbox (state, id);

-- Tickets of the embedded provider, numbered from 1001.
CREATE SEQUENCE embedded_ticket_seq START WITH 1001;
CREATE TABLE embedded_tickets (
    number               text        NOT NULL PRIMARY KEY,
    seq                  bigint      NOT NULL UNIQUE,
    correlation_id       text        NOT NULL UNIQUE,
    title                text        NOT NULL,
    description_markdown text        NOT NULL,
    assigned_team        text        NULL,
    category             text        NULL,
    urgency              text        NOT NULL,
    status               text        NOT NULL,
    reporter_id          text        NOT NULL,
    reporter_name        text        NOT NULL,
    target               text        NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX ix_embedded_tickets_reporter ON embedded_tickets (reporter_id, created_at);
CREATE INDEX ix_embedded_tickets_created ON embedded_tickets (created_at);

CREATE TABLE embedded_ticket_comments (
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number text        NOT NULL REFERENCES embedded_tickets (number) ON DELETE CASCADE,
    author text        NOT NULL,
    body   text        NOT NULL,
    at     timestamptz NOT NULL
);
CREATE INDEX ix_embedded_ticket_comments_number ON embedded_ticket_comments (number, id);

-- Incident correlation: at most one open incident per target key.
CREATE TABLE incidents (
    incident_id        text        NOT NULL PRIMARY KEY,
    target_key         text        NOT NULL,
    lead_escalation_id text        NOT NULL,
    opened_at          timestamptz NOT NULL,
    last_report_at     timestamptz NOT NULL,
    closed             boolean     NOT NULL DEFAULT false,
    closed_at          timestamptz NULL,
    ticket_provider    text        NULL,
    ticket_number      text        NULL,
    ticket_url         text        NULL,
    ticket_external_id text        NULL
);
CREATE UNIQUE INDEX ux_incidents_open_target ON incidents (target_key) WHERE NOT closed;

CREATE TABLE incident_reporters (
    incident_id   text        NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,
    reporter_id   text        NOT NULL,
    reporter_name text        NOT NULL,
    joined_at     timestamptz NOT NULL,
    joined_order  bigint      GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (incident_id, reporter_id)
);

-- Fixed-window rate-limit counters.
CREATE TABLE rate_limits (
    limit_key    text    NOT NULL,
    window_start bigint  NOT NULL,
    hits         integer NOT NULL,
    expires_at   bigint  NOT NULL,
    PRIMARY KEY (limit_key, window_start)
);
CREATE INDEX ix_rate_limits_expires ON rate_limits (expires_at);
