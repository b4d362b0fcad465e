-- A channel may serve several owning teams: one row per (channel, team), team_key '' for every team's escalations
-- (owning_team NULL). SQLite cannot change a primary key in place, so the table is rebuilt with its rows.
CREATE TABLE helpdesk_channels_teams (
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
INSERT INTO helpdesk_channels_teams (channel_id, team_key, service_url, team_id, team_name, tenant_id, bot_id, bot_name, owning_team, is_default, connected_by, connected_at, channel_name)
    SELECT channel_id, COALESCE(owning_team, ''), service_url, team_id, team_name, tenant_id, bot_id, bot_name, owning_team, is_default, connected_by, connected_at, channel_name
    FROM helpdesk_channels;
DROP TABLE helpdesk_channels;
ALTER TABLE helpdesk_channels_teams RENAME TO helpdesk_channels;
