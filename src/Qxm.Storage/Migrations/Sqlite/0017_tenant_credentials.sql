-- Per-tenant vendor credentials: where a tenant's secret for a backend is (an environment variable's name or a file's
-- name under the server's credentials directory), never the secret. One per tenant and backend.
CREATE TABLE tenant_credentials (
    tenant     TEXT NOT NULL,
    backend    TEXT NOT NULL,
    source     TEXT NOT NULL,
    reference  TEXT NOT NULL,
    client_id  TEXT,
    set_by     TEXT NOT NULL,
    set_at     INTEGER NOT NULL,
    PRIMARY KEY (tenant, backend)
);
