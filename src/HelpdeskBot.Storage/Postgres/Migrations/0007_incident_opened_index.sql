-- The dashboard's time to take and time to resolve read the incidents opened in its period.
CREATE INDEX ix_incidents_opened ON incidents (opened_at);
