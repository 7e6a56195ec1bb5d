-- Backend sessions: a tenant's short exclusive hold of a backend. Expiry is computed from the columns (opened + max,
-- last activity + idle), so nothing has to run for a session to end, before or after a restart.
CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,
    tenant           TEXT NOT NULL,
    backend          TEXT NOT NULL,
    opened_at        BIGINT NOT NULL,
    max_ms           BIGINT NOT NULL,
    idle_ms          BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    closed_at        BIGINT
);
CREATE INDEX sessions_by_backend ON sessions (backend, opened_at);
