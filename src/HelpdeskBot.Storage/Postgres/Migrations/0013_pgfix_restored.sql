-- A channel set aside by its team's archiving and connected again by the unarchiving keeps its copy, stamped with when,
-- until the "escalations come here again" notice is queued: a stop in between leaves it for the watch's next round
-- (at start-up too) to finish. NULL: set aside, the team is still archived.
ALTER TABLE helpdesk_channels_archived ADD COLUMN restored_at timestamptz NULL;
