CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    secret_hash BYTEA NOT NULL,
    principal   TEXT NOT NULL,
    role        TEXT NOT NULL,
    tenants     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT,
    rotated_to  TEXT
);
