-- A channel connected from Teams keeps its name, so the Connected card and "which channels are connected" can say
-- which owning team's escalations go to which channel.
ALTER TABLE helpdesk_channels ADD COLUMN channel_name TEXT NULL;

-- Where a reporter's report about a target went (IHelpdeskStore.FindJoinedAsync): a report whose ticket arrives after
-- its incident was resolved still belongs to that incident.
CREATE INDEX ix_incident_reporters_reporter ON incident_reporters (reporter_id);
