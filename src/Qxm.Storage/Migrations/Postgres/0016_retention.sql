-- Retention finds a tenant's finished runs by the time they last changed (their finish), oldest first.
CREATE INDEX runs_by_tenant_state_updated ON runs (tenant, state, updated_at, id);
