-- A loop whose objective is its post hook keeps, per evaluation, the artifact of the hook's provenance record (which
-- names the hook's input and output artifacts). A qxm session on a backend whose vendor has sessions keeps the vendor's
-- session id, and when the vendor's session was closed: closing the qxm session (by hand, at its maximum or idle time,
-- on any instance) closes the vendor's, once.
ALTER TABLE loop_evaluations ADD COLUMN objective_artifact TEXT;
ALTER TABLE sessions ADD COLUMN vendor_session TEXT;
ALTER TABLE sessions ADD COLUMN vendor_closed_at INTEGER;
