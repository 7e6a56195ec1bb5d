-- Idempotency: a hash of the canonical request stored with its key, so a key reused with another body is refused.
ALTER TABLE runs ADD COLUMN request_hash TEXT;

-- Bytes an admitted run stored (its experiment version's spec and circuit source), counted against the tenant's quota.
ALTER TABLE runs ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;

-- Artifacts put for submissions that were then refused: retention deletes them once no row references them.
CREATE TABLE artifact_orphans (
    hash     TEXT PRIMARY KEY,
    noted_at INTEGER NOT NULL
);

CREATE INDEX experiments_by_circuit_artifact ON experiments (circuit_artifact);

CREATE INDEX results_by_artifact ON results (artifact);
