-- The help desk's side of incidents: connected channels, the desk state of each incident (optimistic version),
-- the watch's lease and schedule, and which cases (reporters) belong to an incident.

-- Help-desk channels connected from Teams (or configured). owning_team routes incidents of that catalogue team;
-- the default channel (is_default = 1) takes the rest.
CREATE TABLE helpdesk_channels (
    channel_id   TEXT    NOT NULL PRIMARY KEY,
    service_url  TEXT    NOT NULL,
    team_id      TEXT    NULL,
    team_name    TEXT    NULL,
    tenant_id    TEXT    NULL,
    bot_id       TEXT    NULL,
    bot_name     TEXT    NULL,
    owning_team  TEXT    NULL,
    is_default   INTEGER NOT NULL DEFAULT 0,
    connected_by TEXT    NOT NULL,
    connected_at INTEGER NOT NULL
);

-- Shared with the dashboard: status ('new' | 'taken' | 'resolved'), taken_by_name, taken_at, resolved_at,
-- resolved_by_name. desk_json holds the rest of the desk state; version guards every desk update.
ALTER TABLE incidents ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE incidents ADD COLUMN taken_by_name TEXT NULL;
ALTER TABLE incidents ADD COLUMN taken_at INTEGER NULL;
ALTER TABLE incidents ADD COLUMN resolved_at INTEGER NULL;
ALTER TABLE incidents ADD COLUMN resolved_by_name TEXT NULL;
ALTER TABLE incidents ADD COLUMN desk_json TEXT NULL;
ALTER TABLE incidents ADD COLUMN desk_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN next_watch_at INTEGER NULL;
ALTER TABLE incidents ADD COLUMN watch_owner TEXT NULL;
ALTER TABLE incidents ADD COLUMN watch_until INTEGER NULL;
ALTER TABLE incidents ADD COLUMN notify_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_incidents_watch ON incidents (next_watch_at) WHERE next_watch_at IS NOT NULL;
CREATE INDEX ix_incidents_notify ON incidents (notify_pending) WHERE notify_pending = 1;

-- The cases (one per reporter) of an incident: their cards are updated and their reporters told on resolution.
CREATE TABLE incident_cases (
    incident_id TEXT    NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,
    case_id     TEXT    NOT NULL,
    reporter_id TEXT    NOT NULL,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, case_id)
);
