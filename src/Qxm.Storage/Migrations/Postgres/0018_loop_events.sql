-- Optimizer loops on the event stream: each stored evaluation (with the run it came from) and each change of a loop's
-- state, written by triggers in the transaction that stores them, as run transitions are (under the same lock, so
-- sequence order is commit order), so followers see a loop's progress and resume with Last-Event-ID.
CREATE FUNCTION qxm_loop_evaluation_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('events'));
    INSERT INTO events (kind, run_id, tenant, at, data)
    SELECT 'loop.evaluation', NEW.run_id, l.tenant, NEW.at,
           json_build_object('loop', NEW.loop_id, 'index', NEW.idx, 'value', NEW.value, 'standardError', NEW.standard_error,
                             'parameters', NEW.parameters::json, 'shots', NEW.shots)::text
    FROM loops l WHERE l.id = NEW.loop_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER loop_evaluations_to_events AFTER INSERT ON loop_evaluations
    FOR EACH ROW EXECUTE FUNCTION qxm_loop_evaluation_event();

CREATE FUNCTION qxm_loop_state_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('events'));
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (kind, tenant, to_state, at, data)
        VALUES ('loop.state', NEW.tenant, NEW.state, NEW.created_at, json_build_object('loop', NEW.id)::text);
    ELSIF OLD.state <> NEW.state THEN
        INSERT INTO events (kind, tenant, from_state, to_state, at, reason, data)
        VALUES ('loop.state', NEW.tenant, OLD.state, NEW.state, NEW.updated_at, NEW.reason,
                json_build_object('loop', NEW.id, 'evaluations', NEW.evaluations, 'bestValue', NEW.best_value)::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER loops_state_to_events AFTER INSERT OR UPDATE OF state ON loops
    FOR EACH ROW EXECUTE FUNCTION qxm_loop_state_event();
