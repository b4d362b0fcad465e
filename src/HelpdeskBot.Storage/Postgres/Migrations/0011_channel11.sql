-- A channel may serve several owning teams: one row per (channel, team), team_key '' for every team's escalations
-- (owning_team NULL).
ALTER TABLE helpdesk_channels ADD COLUMN team_key text NOT NULL DEFAULT '';
UPDATE helpdesk_channels SET team_key = COALESCE(owning_team, '');
ALTER TABLE helpdesk_channels DROP CONSTRAINT helpdesk_channels_pkey;
ALTER TABLE helpdesk_channels ADD PRIMARY KEY (channel_id, team_key);

-- Tickets:HelpdeskChannel (from configuration, so never in helpdesk_channels) that Teams said no longer exists: routing
-- skips it until the setting names another channel or the channel is connected from Teams again.
CREATE TABLE helpdesk_channels_gone (
    channel_id text        NOT NULL PRIMARY KEY,
    gone_at    timestamptz NOT NULL
);
