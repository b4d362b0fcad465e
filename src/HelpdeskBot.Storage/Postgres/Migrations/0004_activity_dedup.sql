-- Inbound activities handled (issue 12 item 4): a redelivery of the same activity gets the recorded answer and
-- is not handled twice. activity_key is SHA-256 of conversation id + activity id (no conversation data at rest);
-- answer_status is NULL while the first delivery's turn runs. Expired rows are purged.
CREATE TABLE activity_ledger (
    activity_key  text        NOT NULL PRIMARY KEY,
    claim         text        NOT NULL,
    claimed_at    timestamptz NOT NULL,
    answer_status integer     NULL,
    answer_body   text        NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX ix_activity_ledger_expires ON activity_ledger (expires_at);
