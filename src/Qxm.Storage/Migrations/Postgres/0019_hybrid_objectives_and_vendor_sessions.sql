-- A loop whose objective is its post hook keeps, per evaluation, the artifact of the hook's provenance record (which
-- names the hook's input and output artifacts). A qxm session on a backend whose vendor has sessions keeps the vendor's
-- session id, and when the vendor's session was closed: closing the qxm session (by hand, at its maximum or idle time,
-- on any instance) closes the vendor's, once. A vendor submit is fenced by the run's attempt number: each call marks
-- which attempt made it and when, so a later attempt (after a lapsed lease) waits out a call that may still be in
-- flight instead of making a second job, and an attempt whose claim was taken over makes no call at all.
ALTER TABLE loop_evaluations ADD COLUMN objective_artifact TEXT;
ALTER TABLE sessions ADD COLUMN vendor_session TEXT;
ALTER TABLE sessions ADD COLUMN vendor_closed_at BIGINT;
ALTER TABLE backend_jobs ADD COLUMN submit_attempt INTEGER;
ALTER TABLE backend_jobs ADD COLUMN submit_began_at BIGINT;
