-- The channels a team's archiving disconnected (their rows as they were), so that teamUnarchived reconnects exactly
-- those: a channel an agent stopped before was no longer connected, so it is not here.
CREATE TABLE helpdesk_channels_archived (
    channel_id   TEXT    NOT NULL,
    team_key     TEXT    NOT NULL DEFAULT '',
    service_url  TEXT    NOT NULL,
    team_id      TEXT    NULL,
    team_name    TEXT    NULL,
    tenant_id    TEXT    NULL,
    bot_id       TEXT    NULL,
    bot_name     TEXT    NULL,
    owning_team  TEXT    NULL,
    is_default   INTEGER NOT NULL DEFAULT 0,
    connected_by TEXT    NOT NULL,
    connected_at INTEGER NOT NULL,
    channel_name TEXT    NULL,
    PRIMARY KEY (channel_id, team_key)
);
