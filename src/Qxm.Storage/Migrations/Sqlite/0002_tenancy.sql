ALTER TABLE runs ADD COLUMN idempotency_key TEXT;

CREATE UNIQUE INDEX runs_by_idempotency_key ON runs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE INDEX runs_by_tenant ON runs (tenant, state);

CREATE TABLE reservations (
    id           TEXT PRIMARY KEY,
    backend      TEXT NOT NULL,
    tenant       TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (ends_at > starts_at)
);

CREATE INDEX reservations_by_backend ON reservations (backend, ends_at);
