-- Optimizer loops (kind: optimize experiments) and one row per evaluation, written after every iteration so that a loop
-- interrupted by a crash resumes where it stopped. The experiment definition is kept as JSON: the loop submits it again,
-- with the optimised inputs set, at every iteration.
CREATE TABLE loops (
    id              TEXT PRIMARY KEY,
    tenant          TEXT NOT NULL,
    definition      TEXT NOT NULL,
    base_directory  TEXT,
    state           TEXT NOT NULL,
    evaluations     INTEGER NOT NULL DEFAULT 0,
    best_value      REAL,
    best_parameters TEXT,
    reason          TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX loops_by_state ON loops (state, created_at);

CREATE TABLE loop_evaluations (
    loop_id        TEXT NOT NULL,
    idx            INTEGER NOT NULL,
    run_id         TEXT NOT NULL,
    parameters     TEXT NOT NULL,
    value          REAL NOT NULL,
    standard_error REAL NOT NULL,
    shots          INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    PRIMARY KEY (loop_id, idx)
);
