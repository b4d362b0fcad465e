-- A channel may serve several owning teams: one row per (channel, team), team_key '' for every team's escalations
-- (owning_team NULL).
ALTER TABLE helpdesk_channels ADD COLUMN team_key text NOT NULL DEFAULT '';
UPDATE helpdesk_channels SET team_key = COALESCE(owning_team, '');
ALTER TABLE helpdesk_channels DROP CONSTRAINT helpdesk_channels_pkey;
ALTER TABLE helpdesk_channels ADD PRIMARY KEY (channel_id, team_key);
