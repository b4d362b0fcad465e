-- Durable deliveries to Teams (IDeliveryQueue). A live card (kind, subject_id) has one row at most while it is
-- due or in flight (removed when sent); a one-off message (kind 'message', subject_id = its key) keeps its row once
-- sent, so the key is never sent twice. pending -> in_progress (leased) -> (removed) | sent | parked.
CREATE TABLE deliveries (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL,
    subject_id       text        NOT NULL,
    payload          text        NULL,
    state            text        NOT NULL CHECK (state IN ('pending', 'in_progress', 'sent', 'parked')),
    run_again        integer     NOT NULL DEFAULT 0,
    attempts         integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    lease_owner      text        NULL,
    lease_expires_at timestamptz NULL,
    last_error       text        NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (kind, subject_id)
);
-- The claim reads only these two slices; sent messages (the bulk over time) stay out of both indexes.
CREATE INDEX ix_deliveries_pending_due ON deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX ix_deliveries_leased ON deliveries (lease_expires_at) WHERE state = 'in_progress';

-- The activity showing a case's card, recorded by the delivery that sent it without a new case version (a version
-- step would make the card just sent stale).
ALTER TABLE cases ADD COLUMN card_activity_id text NULL;
