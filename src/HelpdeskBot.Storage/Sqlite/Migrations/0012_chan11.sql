-- The channels a team's archiving disconnected (their rows as they were), so that teamUnarchived reconnects exactly
-- those: a channel an agent stopped before was no longer connected, so it is not here. Same columns as
-- helpdesk_channels (SQLite copies them, not the key: the unique index stands in for it).
CREATE TABLE helpdesk_channels_archived AS SELECT * FROM helpdesk_channels WHERE 0;
CREATE UNIQUE INDEX ux_helpdesk_channels_archived ON helpdesk_channels_archived (channel_id, team_key);
