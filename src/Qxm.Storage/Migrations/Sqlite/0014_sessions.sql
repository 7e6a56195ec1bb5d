-- Backend sessions: a tenant's short exclusive hold of a backend. Expiry is computed from the columns (opened + max,
-- last activity + idle), so nothing has to run for a session to end, before or after a restart.
CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,
    tenant           TEXT NOT NULL,
    backend          TEXT NOT NULL,
    opened_at        INTEGER NOT NULL,
    max_ms           INTEGER NOT NULL,
    idle_ms          INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    closed_at        INTEGER
);
CREATE INDEX sessions_by_backend ON sessions (backend, opened_at);
