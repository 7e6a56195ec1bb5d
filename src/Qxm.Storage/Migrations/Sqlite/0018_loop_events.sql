-- Optimizer loops on the event stream: each stored evaluation (with the run it came from) and each change of a loop's
-- state, written by triggers in the transaction that stores them, as run transitions are, so followers see a loop's
-- progress in commit order and resume with Last-Event-ID like any other event.
CREATE TRIGGER loop_evaluations_to_events AFTER INSERT ON loop_evaluations
BEGIN
    INSERT INTO events (kind, run_id, tenant, at, data)
    SELECT 'loop.evaluation', NEW.run_id, l.tenant, NEW.at,
           json_object('loop', NEW.loop_id, 'index', NEW.idx, 'value', NEW.value, 'standardError', NEW.standard_error,
                       'parameters', json(NEW.parameters), 'shots', NEW.shots)
    FROM loops l WHERE l.id = NEW.loop_id;
END;

CREATE TRIGGER loops_started_to_events AFTER INSERT ON loops
BEGIN
    INSERT INTO events (kind, tenant, to_state, at, data)
    VALUES ('loop.state', NEW.tenant, NEW.state, NEW.created_at, json_object('loop', NEW.id));
END;

CREATE TRIGGER loops_state_to_events AFTER UPDATE OF state ON loops WHEN OLD.state <> NEW.state
BEGIN
    INSERT INTO events (kind, tenant, from_state, to_state, at, reason, data)
    VALUES ('loop.state', NEW.tenant, OLD.state, NEW.state, NEW.updated_at, NEW.reason,
            json_object('loop', NEW.id, 'evaluations', NEW.evaluations, 'bestValue', NEW.best_value));
END;
