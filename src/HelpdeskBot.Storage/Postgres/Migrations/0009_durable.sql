-- Pending diagnoses are claimed from the store, as the outbox is: a case waiting for its diagnosis has
-- diagnosis_due_at set by the very write that moves it to Diagnosing (cleared by the write that leaves it), and a
-- claim leases it to one instance until diagnosis_lease_expires_at. Nothing waits in memory, so a restart resumes
-- every pending diagnosis and a burst waits in the store instead of being refused.
ALTER TABLE cases ADD COLUMN diagnosis_due_at timestamptz NULL;
ALTER TABLE cases ADD COLUMN diagnosis_lease_owner text NULL;
ALTER TABLE cases ADD COLUMN diagnosis_lease_expires_at timestamptz NULL;
CREATE INDEX ix_cases_diagnosis_due ON cases (diagnosis_due_at) WHERE diagnosis_due_at IS NOT NULL;

-- Cases left waiting by a process before this version are due now.
UPDATE cases SET diagnosis_due_at = updated_at
WHERE status = 'open' AND (state_json::json ->> 'phase') = 'Diagnosing' AND (state_json::json ->> 'target') IS NOT NULL;
