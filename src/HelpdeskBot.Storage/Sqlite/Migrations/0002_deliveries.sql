-- Durable deliveries to Teams (IDeliveryQueue). A live card (kind, subject_id) has one row at most while it is
-- due or in flight (removed when sent); a one-off message (kind 'message', subject_id = its key) keeps its row once
-- sent, so the key is never sent twice. pending -> in_progress (leased) -> (removed) | sent | parked.
CREATE TABLE deliveries (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    subject_id       TEXT    NOT NULL,
    payload          TEXT    NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'in_progress', 'sent', 'parked')),
    run_again        INTEGER NOT NULL DEFAULT 0,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT    NULL,
    lease_expires_at INTEGER NULL,
    last_error       TEXT    NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (kind, subject_id)
);
CREATE INDEX ix_deliveries_due ON deliveries (state, next_attempt_at, id);
CREATE INDEX ix_deliveries_lease ON deliveries (state, lease_expires_at);

-- The activity showing a case's card, recorded by the delivery that sent it without a new case version (a version
-- step would make the card just sent stale).
ALTER TABLE cases ADD COLUMN card_activity_id TEXT NULL;
