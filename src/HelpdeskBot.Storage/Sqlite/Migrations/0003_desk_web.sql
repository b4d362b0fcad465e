-- The webhook's status callback and the ticket pages find an incident by its ticket's correlation id (the lead escalation).
CREATE INDEX ix_incidents_lead_escalation ON incidents (lead_escalation_id);
