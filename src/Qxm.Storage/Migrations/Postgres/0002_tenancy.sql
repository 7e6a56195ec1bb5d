ALTER TABLE runs ADD COLUMN idempotency_key TEXT;

CREATE UNIQUE INDEX runs_by_idempotency_key ON runs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE INDEX runs_by_tenant ON runs (tenant, state);

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE reservations (
    id           TEXT PRIMARY KEY,
    backend      TEXT NOT NULL,
    tenant       TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    cancelled_at BIGINT,
    CHECK (ends_at > starts_at),
    -- Two live windows of one backend never overlap, whatever the concurrency of the requests.
    CONSTRAINT reservations_no_overlap EXCLUDE USING gist (backend WITH =, int8range(starts_at, ends_at) WITH &&)
        WHERE (cancelled_at IS NULL)
);
