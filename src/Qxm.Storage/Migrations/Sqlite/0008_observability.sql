ALTER TABLE runs ADD COLUMN trace_parent TEXT;

-- One global order of everything that happened, read by the event stream and webhooks by sequence. A single writer at a
-- time makes the sequence follow commit order, so a reader resuming after number N never misses one committed later.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    run_id     TEXT,
    tenant     TEXT,
    backend    TEXT,
    from_state TEXT,
    to_state   TEXT,
    at         INTEGER NOT NULL,
    actor      TEXT,
    reason     TEXT,
    data       TEXT
);

CREATE INDEX events_by_run ON events (run_id, seq);

-- Every state change of a run is an event, whichever statement records it.
CREATE TRIGGER run_transitions_to_events AFTER INSERT ON run_transitions
BEGIN
    INSERT INTO events (kind, run_id, tenant, backend, from_state, to_state, at, actor, reason)
    SELECT 'run.state', NEW.run_id, r.tenant, r.backend, NEW.from_state, NEW.to_state, NEW.at, NEW.actor, NEW.reason
    FROM runs r WHERE r.id = NEW.run_id;
END;

CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    tenant     TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    kinds      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    cursor     INTEGER NOT NULL
);

CREATE INDEX webhooks_by_tenant ON webhooks (tenant);

CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id  TEXT NOT NULL REFERENCES webhooks (id),
    event_seq   INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL
);

CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
