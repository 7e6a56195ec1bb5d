ALTER TABLE runs ADD COLUMN trace_parent TEXT;

-- One global order of everything that happened, read by the event stream and webhooks by sequence.
CREATE TABLE events (
    seq        BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    run_id     TEXT,
    tenant     TEXT,
    backend    TEXT,
    from_state TEXT,
    to_state   TEXT,
    at         BIGINT NOT NULL,
    actor      TEXT,
    reason     TEXT,
    data       TEXT
);

CREATE INDEX events_by_run ON events (run_id, seq);

-- Every state change of a run is an event, whichever statement records it. Writers take the events lock before their
-- number and hold it to commit, so numbers follow commit order: a reader resuming after number N never misses one
-- committed later with a smaller number, whichever instance wrote it.
CREATE FUNCTION qxm_run_transition_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('events'));
    INSERT INTO events (kind, run_id, tenant, backend, from_state, to_state, at, actor, reason)
    SELECT 'run.state', NEW.run_id, r.tenant, r.backend, NEW.from_state, NEW.to_state, NEW.at, NEW.actor, NEW.reason
    FROM runs r WHERE r.id = NEW.run_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER run_transitions_to_events AFTER INSERT ON run_transitions
    FOR EACH ROW EXECUTE FUNCTION qxm_run_transition_event();

CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    tenant     TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    kinds      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    cursor     BIGINT NOT NULL
);

CREATE INDEX webhooks_by_tenant ON webhooks (tenant);

CREATE TABLE webhook_deliveries (
    id          BIGSERIAL PRIMARY KEY,
    webhook_id  TEXT NOT NULL REFERENCES webhooks (id),
    event_seq   BIGINT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    outcome     TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms BIGINT NOT NULL
);

CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
