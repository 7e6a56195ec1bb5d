using System.Data.Common;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Run costs: each run's estimate stored with it, the vendor's actual cost once reported, the tenants' budgets
/// checked at admission over both, and the chargeback report.</summary>
public abstract partial class RelationalStore : IRunCosts
{
    private const decimal MicroDollars = 1_000_000m;

    public async Task RecordActualCostAsync(string runId, decimal usd, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken, "UPDATE run_costs SET actual_micro_usd = @usd WHERE run_id = @id",
            ("@usd", Micro(usd)), ("@id", runId));
    }

    public async Task<IReadOnlyList<CostLine>> ListCostsAsync(CostQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var group = query.By switch
        {
            CostGrouping.Backend => "c.backend",
            CostGrouping.Tenant => "c.tenant",
            _ => "c.fingerprint",
        };
        var sql = $"""
            SELECT {group}, COUNT(*), COALESCE(SUM(c.estimate_micro_usd), 0), COALESCE(SUM(c.actual_micro_usd), 0),
                   COALESCE(SUM(COALESCE(c.actual_micro_usd, c.estimate_micro_usd)), 0), COUNT(c.actual_micro_usd)
            FROM run_costs c JOIN runs r ON r.id = c.run_id
            WHERE c.created_at >= @since AND (CAST(@tenant AS TEXT) IS NULL OR c.tenant = @tenant) AND r.state <> 'Rejected'
            GROUP BY {group} ORDER BY {group}
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql, ("@since", (query.Since ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds()), ("@tenant", query.Tenant));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<CostLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new CostLine(reader.GetString(0), Whole(reader, 1), Whole(reader, 2) / MicroDollars, Whole(reader, 3) / MicroDollars,
                Whole(reader, 4) / MicroDollars, Whole(reader, 5)));
        }

        return lines;
    }

    /// <summary>Which budget, if any, the new run's estimate would overrun, over the tenant's runs since the day's and
    /// the month's start (each counted at its actual cost where known, else its estimate; rejected runs count nothing).</summary>
    private static async Task<CreateStatus?> BudgetAsync(
        DbConnection connection, DbTransaction transaction, NewRun newRun, AdmissionLimits limits, CancellationToken cancellationToken)
    {
        foreach (var (budget, since) in new[] { (limits.BudgetPerDay, limits.DayStart), (limits.BudgetPerMonth, limits.MonthStart) })
        {
            if (budget is not { } limit)
            {
                continue;
            }

            var spent = await ScalarAsync(connection, transaction,
                """
                SELECT COALESCE(SUM(COALESCE(c.actual_micro_usd, c.estimate_micro_usd)), 0) FROM run_costs c JOIN runs r ON r.id = c.run_id
                WHERE c.tenant = @tenant AND c.created_at >= @since AND r.state <> 'Rejected'
                """,
                cancellationToken, ("@tenant", newRun.Run.Tenant), ("@since", since.ToUnixTimeMilliseconds()));
            if (spent + Micro(newRun.EstimatedCostUsd) > Micro(limit))
            {
                return CreateStatus.BudgetExceeded;
            }
        }

        return null;
    }

    private static (string Sql, (string Name, object? Value)[] Parameters) CostInsert(NewRun newRun) =>
        ("""
         INSERT INTO run_costs (run_id, tenant, backend, fingerprint, created_at, estimate_micro_usd)
         VALUES (@id, @tenant, @backend, @fingerprint, @at, @usd)
         """,
         [("@id", newRun.Run.Id), ("@tenant", newRun.Run.Tenant), ("@backend", newRun.Run.Backend), ("@fingerprint", newRun.Run.Fingerprint),
          ("@at", newRun.Run.CreatedAt.ToUnixTimeMilliseconds()), ("@usd", Micro(newRun.EstimatedCostUsd))]);

    /// <summary>A sum as a whole number: PostgreSQL sums BIGINT into NUMERIC, SQLite into INTEGER.</summary>
    private static long Whole(DbDataReader reader, int column) =>
        Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    private static long Micro(decimal usd) => (long)decimal.Round(usd * MicroDollars, MidpointRounding.AwayFromZero);
}
