CREATE TABLE backend_jobs (
    run_id          TEXT NOT NULL REFERENCES runs (id),
    backend         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    job_id          TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (run_id, backend)
);

CREATE TABLE run_attempts (
    run_id    TEXT NOT NULL REFERENCES runs (id),
    seq       INTEGER NOT NULL,
    at        BIGINT NOT NULL,
    operation TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    job_id    TEXT,
    message   TEXT,
    local     INTEGER NOT NULL DEFAULT 0,
    artifact  TEXT,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE backend_controls (
    backend TEXT PRIMARY KEY,
    mode    TEXT NOT NULL,
    reason  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    since   BIGINT NOT NULL
);
