-- HelpdeskBot schema 1 for SQLite. Timestamps are INTEGER microseconds since the Unix epoch (UTC).

-- Troubleshooting cases (one per user and target) with an optimistic-concurrency version.
CREATE TABLE cases (
    case_id         TEXT    NOT NULL PRIMARY KEY,
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    state_json      TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX ix_cases_conversation_user ON cases (conversation_id, user_id, updated_at);
CREATE INDEX ix_cases_user ON cases (user_id, updated_at);
CREATE INDEX ix_cases_updated ON cases (updated_at);

-- Audit of each conversation step.
CREATE TABLE case_events (
    id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    case_id   TEXT    NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    data_json TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

-- Escalation outbox: pending -> in_progress (leased) -> sent | parked; parked -> pending on replay.
CREATE TABLE outbox (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    escalation_id      TEXT    NOT NULL UNIQUE,
    case_id            TEXT    NOT NULL,
    payload            TEXT    NOT NULL,
    state              TEXT    NOT NULL CHECK (state IN ('pending', 'in_progress', 'sent', 'parked')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    next_attempt_at    INTEGER NOT NULL,
    lease_owner        TEXT    NULL,
    lease_expires_at   INTEGER NULL,
    last_error         TEXT    NULL,
    ticket_provider    TEXT    NULL,
    ticket_number      TEXT    NULL,
    ticket_url         TEXT    NULL,
    ticket_external_id TEXT    NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX ix_outbox_lease ON outbox (state, lease_expires_at);

-- Named counters (SQLite has no sequences). Embedded ticket numbers start at 1001.
CREATE TABLE sequences (
    name  TEXT    NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO sequences (name, value) VALUES ('embedded_ticket', 1000);

-- Tickets of the embedded provider.
CREATE TABLE embedded_tickets (
    number               TEXT    NOT NULL PRIMARY KEY,
    seq                  INTEGER NOT NULL UNIQUE,
    correlation_id       TEXT    NOT NULL UNIQUE,
    title                TEXT    NOT NULL,
    description_markdown TEXT    NOT NULL,
    assigned_team        TEXT    NULL,
    category             TEXT    NULL,
    urgency              TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    reporter_id          TEXT    NOT NULL,
    reporter_name        TEXT    NOT NULL,
    target               TEXT    NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX ix_embedded_tickets_reporter ON embedded_tickets (reporter_id, created_at);
CREATE INDEX ix_embedded_tickets_created ON embedded_tickets (created_at);

CREATE TABLE embedded_ticket_comments (
    id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    number TEXT    NOT NULL REFERENCES embedded_tickets (number) ON DELETE CASCADE,
    author TEXT    NOT NULL,
    body   TEXT    NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX ix_embedded_ticket_comments_number ON embedded_ticket_comments (number, id);

-- Incident correlation: at most one open incident per target key.
CREATE TABLE incidents (
    incident_id        TEXT    NOT NULL PRIMARY KEY,
    target_key         TEXT    NOT NULL,
    lead_escalation_id TEXT    NOT NULL,
    opened_at          INTEGER NOT NULL,
    last_report_at     INTEGER NOT NULL,
    closed             INTEGER NOT NULL DEFAULT 0,
    closed_at          INTEGER NULL,
    ticket_provider    TEXT    NULL,
    ticket_number      TEXT    NULL,
    ticket_url         TEXT    NULL,
    ticket_external_id TEXT    NULL
);
CREATE UNIQUE INDEX ux_incidents_open_target ON incidents (target_key) WHERE closed = 0;

CREATE TABLE incident_reporters (
    incident_id   TEXT    NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,
    reporter_id   TEXT    NOT NULL,
    reporter_name TEXT    NOT NULL,
    joined_at     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, reporter_id)
);

-- Fixed-window rate-limit counters; window_start / expires_at in microseconds.
CREATE TABLE rate_limits (
    limit_key    TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (limit_key, window_start)
);
CREATE INDEX ix_rate_limits_expires ON rate_limits (expires_at);
