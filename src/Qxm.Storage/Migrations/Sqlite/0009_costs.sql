-- What each run was estimated to cost when it was admitted and, once its vendor reported it, what it cost, in
-- micro-dollars (exact sums in SQL). Written with the run; the tenant's daily and monthly budgets sum these rows.
CREATE TABLE run_costs (
    run_id             TEXT PRIMARY KEY,
    tenant             TEXT NOT NULL,
    backend            TEXT NOT NULL,
    fingerprint        TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    estimate_micro_usd INTEGER NOT NULL,
    actual_micro_usd   INTEGER
);
CREATE INDEX run_costs_tenant_created ON run_costs (tenant, created_at);
