-- The help desk's side of incidents: connected channels, the desk state of each incident (optimistic version),
-- the watch's lease and schedule, and which cases (reporters) belong to an incident.

CREATE TABLE helpdesk_channels (
    channel_id   text        NOT NULL PRIMARY KEY,
    service_url  text        NOT NULL,
    team_id      text        NULL,
    team_name    text        NULL,
    tenant_id    text        NULL,
    bot_id       text        NULL,
    bot_name     text        NULL,
    owning_team  text        NULL,
    is_default   boolean     NOT NULL DEFAULT false,
    connected_by text        NOT NULL,
    connected_at timestamptz NOT NULL
);

-- Shared with the dashboard: status ('new' | 'taken' | 'resolved'), taken_by_name, taken_at, resolved_at,
-- resolved_by_name. desk_json holds the rest of the desk state; desk_version guards every desk update.
ALTER TABLE incidents ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE incidents ADD COLUMN taken_by_name text NULL;
ALTER TABLE incidents ADD COLUMN taken_at timestamptz NULL;
ALTER TABLE incidents ADD COLUMN resolved_at timestamptz NULL;
ALTER TABLE incidents ADD COLUMN resolved_by_name text NULL;
ALTER TABLE incidents ADD COLUMN desk_json text NULL;
ALTER TABLE incidents ADD COLUMN desk_version bigint NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN next_watch_at timestamptz NULL;
ALTER TABLE incidents ADD COLUMN watch_owner text NULL;
ALTER TABLE incidents ADD COLUMN watch_until timestamptz NULL;
ALTER TABLE incidents ADD COLUMN notify_pending boolean NOT NULL DEFAULT false;
CREATE INDEX ix_incidents_watch ON incidents (next_watch_at) WHERE next_watch_at IS NOT NULL;
CREATE INDEX ix_incidents_notify ON incidents (notify_pending) WHERE notify_pending;

CREATE TABLE incident_cases (
    incident_id text        NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,
    case_id     text        NOT NULL,
    reporter_id text        NOT NULL,
    added_at    timestamptz NOT NULL,
    PRIMARY KEY (incident_id, case_id)
);
