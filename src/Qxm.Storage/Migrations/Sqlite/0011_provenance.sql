-- How each attempt of a run executed (qxm build, runtime, machine, backend kind and target hash, simulator method,
-- bound circuit hashes), as one JSON document captured by the executing process when the result arrived.
CREATE TABLE run_executions (
    run_id  TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at      BIGINT NOT NULL,
    facts   TEXT NOT NULL,
    PRIMARY KEY (run_id, attempt)
);

-- Relations between runs, one row for each side: a reproduction and its original, a cached answer and the run it came from.
CREATE TABLE run_links (
    run_id     TEXT NOT NULL,
    relation   TEXT NOT NULL,
    other_run  TEXT NOT NULL,
    at         BIGINT NOT NULL,
    detail     TEXT,
    PRIMARY KEY (run_id, relation, other_run)
);
