CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    principal   TEXT NOT NULL,
    role        TEXT NOT NULL,
    tenants     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER,
    rotated_to  TEXT
);
