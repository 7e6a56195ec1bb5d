CREATE TABLE experiments (
    fingerprint      TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    spec_json        TEXT NOT NULL,
    circuit_artifact TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE runs (
    seq              BIGSERIAL PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    tenant           TEXT NOT NULL,
    name             TEXT NOT NULL,
    fingerprint      TEXT NOT NULL REFERENCES experiments (fingerprint),
    backend          TEXT NOT NULL,
    shots            INTEGER NOT NULL,
    sweep_points     INTEGER NOT NULL,
    state            TEXT NOT NULL,
    priority         TEXT NOT NULL,
    seed             BIGINT,
    tags             TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    diagnostics      TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    lease_owner      TEXT,
    lease_expires_at BIGINT
);

CREATE INDEX runs_by_state ON runs (state, seq);

CREATE TABLE run_transitions (
    run_id     TEXT NOT NULL REFERENCES runs (id),
    seq        INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE results (
    run_id            TEXT PRIMARY KEY REFERENCES runs (id),
    shots             INTEGER NOT NULL,
    points_json       TEXT NOT NULL,
    execution_seconds DOUBLE PRECISION NOT NULL,
    artifact          TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
