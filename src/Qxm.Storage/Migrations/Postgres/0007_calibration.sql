-- Each backend's calibration history: one row per snapshot (its content is the artifact named by hash), with the
-- per-qubit and per-gate figures as a time series that history queries read without opening artifacts.
CREATE TABLE calibrations (
    backend     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    taken_at    BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (backend, hash)
);

CREATE INDEX calibrations_by_time ON calibrations (backend, taken_at);

CREATE TABLE calibration_qubits (
    backend       TEXT NOT NULL,
    hash          TEXT NOT NULL,
    qubit         INTEGER NOT NULL,
    t1_us         DOUBLE PRECISION NOT NULL,
    t2_us         DOUBLE PRECISION NOT NULL,
    readout_error DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (backend, hash, qubit)
);

CREATE TABLE calibration_gates (
    backend     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    gate        TEXT NOT NULL,
    qubits      TEXT NOT NULL,
    error       DOUBLE PRECISION NOT NULL,
    duration_ns DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (backend, hash, gate, qubits)
);

CREATE TABLE drift_events (
    id          TEXT PRIMARY KEY,
    backend     TEXT NOT NULL,
    snapshot    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    metric      TEXT NOT NULL,
    baseline    DOUBLE PRECISION NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    statistic   DOUBLE PRECISION NOT NULL,
    detected_at BIGINT NOT NULL,
    resolved_at BIGINT
);

CREATE INDEX drift_events_by_backend ON drift_events (backend, detected_at);

-- The snapshot each run was dispatched under, with the drift events it carries (a JSON list of ids).
CREATE TABLE run_calibrations (
    run_id       TEXT PRIMARY KEY REFERENCES runs (id),
    backend      TEXT NOT NULL,
    hash         TEXT NOT NULL,
    drift_events TEXT NOT NULL,
    bound_at     BIGINT NOT NULL
);

-- A run's drift policy when it is not 'run', and its hold: held while held_since is set and released_at is not.
CREATE TABLE run_drift (
    run_id      TEXT PRIMARY KEY REFERENCES runs (id),
    backend     TEXT NOT NULL,
    policy      TEXT NOT NULL,
    held_since  BIGINT,
    hold_reason TEXT,
    released_at BIGINT,
    released_by TEXT
);

CREATE INDEX run_drift_by_backend ON run_drift (backend, policy);
