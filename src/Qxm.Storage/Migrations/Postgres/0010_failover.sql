-- A run's approved alternative backends (JSON array, in order) and, once it failed over, from where, when and why.
-- Written with the run; the failover monitor moves a queued run to its next alternative in the same transaction that
-- changes the run's backend and appends the audit event.
CREATE TABLE run_failover (
    run_id       TEXT PRIMARY KEY,
    alternatives TEXT NOT NULL,
    tried        INTEGER NOT NULL DEFAULT 0,
    from_backend TEXT,
    at           BIGINT,
    reason       TEXT
);
