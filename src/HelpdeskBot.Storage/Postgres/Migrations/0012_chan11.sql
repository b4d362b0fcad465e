-- The channels a team's archiving disconnected (their rows as they were), so that teamUnarchived reconnects exactly
-- those: a channel an agent stopped before was no longer connected, so it is not here. Same columns, defaults and key
-- as helpdesk_channels.
CREATE TABLE helpdesk_channels_archived (LIKE helpdesk_channels INCLUDING ALL);
