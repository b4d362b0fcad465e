-- The channels a team's archiving disconnected (their rows as they were), so that teamUnarchived reconnects exactly
-- those: a channel an agent stopped before was no longer connected, so it is not here.
CREATE TABLE helpdesk_channels_archived (
    channel_id   text        NOT NULL,
    team_key     text        NOT NULL DEFAULT '',
    service_url  text        NOT NULL,
    team_id      text        NULL,
    team_name    text        NULL,
    tenant_id    text        NULL,
    bot_id       text        NULL,
    bot_name     text        NULL,
    owning_team  text        NULL,
    is_default   boolean     NOT NULL DEFAULT false,
    connected_by text        NOT NULL,
    connected_at timestamptz NOT NULL,
    channel_name text        NULL,
    PRIMARY KEY (channel_id, team_key)
);
