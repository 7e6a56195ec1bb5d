-- Search: keyset pages by (created_at, id) within a tenant, by name, by state, by fingerprint; experiment versions by name.
CREATE INDEX runs_by_tenant_created ON runs (tenant, created_at, id);
CREATE INDEX runs_by_tenant_name ON runs (tenant, name, created_at, id);
CREATE INDEX runs_by_tenant_state_created ON runs (tenant, state, created_at, id);
CREATE INDEX runs_by_fingerprint ON runs (fingerprint, created_at, id);
CREATE INDEX runs_by_created ON runs (created_at, id);
CREATE INDEX experiments_by_name ON experiments (name, created_at);
CREATE INDEX experiments_by_created ON experiments (created_at);

-- One row per tag of a run, kept by triggers so that every writer of runs fills it: a tag's runs are an index range.
CREATE TABLE run_tags (
    tag        TEXT NOT NULL,
    tenant     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    run_id     TEXT NOT NULL,
    PRIMARY KEY (tag, tenant, created_at, run_id)
) WITHOUT ROWID;
CREATE INDEX run_tags_by_run ON run_tags (run_id);

INSERT OR IGNORE INTO run_tags (tag, tenant, created_at, run_id)
SELECT DISTINCT j.value, r.tenant, r.created_at, r.id FROM runs r, json_each(r.tags) j;

CREATE TRIGGER runs_tags_insert AFTER INSERT ON runs
BEGIN
    INSERT OR IGNORE INTO run_tags (tag, tenant, created_at, run_id)
    SELECT DISTINCT value, NEW.tenant, NEW.created_at, NEW.id FROM json_each(NEW.tags);
END;

CREATE TRIGGER runs_tags_delete AFTER DELETE ON runs
BEGIN
    DELETE FROM run_tags WHERE run_id = OLD.id;
END;
