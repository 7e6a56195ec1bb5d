-- The submitter filter as an index range: one row per run naming the actor of its first transition, kept by triggers
-- as run_tags is, so a submitter with few runs in a large tenant costs its own runs, not a scan of the tenant's
-- (decision 0027).
CREATE TABLE run_submitters (
    submitter  TEXT NOT NULL,
    tenant     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    run_id     TEXT NOT NULL,
    PRIMARY KEY (submitter, tenant, created_at, run_id)
) WITHOUT ROWID;
CREATE INDEX run_submitters_by_run ON run_submitters (run_id);

INSERT OR IGNORE INTO run_submitters (submitter, tenant, created_at, run_id)
SELECT t.actor, r.tenant, r.created_at, r.id FROM runs r JOIN run_transitions t ON t.run_id = r.id AND t.seq = 1;

CREATE TRIGGER run_transitions_submitter AFTER INSERT ON run_transitions WHEN NEW.seq = 1
BEGIN
    INSERT OR IGNORE INTO run_submitters (submitter, tenant, created_at, run_id)
    SELECT NEW.actor, r.tenant, r.created_at, r.id FROM runs r WHERE r.id = NEW.run_id;
END;

CREATE TRIGGER runs_submitters_delete AFTER DELETE ON runs
BEGIN
    DELETE FROM run_submitters WHERE run_id = OLD.id;
END;
