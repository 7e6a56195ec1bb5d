using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Calibration history as a time series, drift events, and runs' drift policies, holds and bound snapshots.</summary>
public abstract partial class RelationalStore : ICalibrationStore, IDriftStore, IDriftHolds
{
    /// <summary>Held: a hold set and not released. Queued runs matching it are invisible to dispatchers.</summary>
    private const string HeldCondition = "held_since IS NOT NULL AND released_at IS NULL";

    /// <summary>The actor of holds: a backend's drift policy, not a person.</summary>
    private const string DriftPolicyActor = "drift-policy";

    public async Task<bool> RecordAsync(CalibrationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var snapshot = record.Snapshot;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var added = await ExecuteAsync(connection, transaction, cancellationToken,
            """
            INSERT INTO calibrations (backend, hash, taken_at, recorded_at) VALUES (@backend, @hash, @taken, @recorded)
            ON CONFLICT (backend, hash) DO NOTHING
            """,
            ("@backend", snapshot.Backend), ("@hash", record.Hash), ("@taken", snapshot.TakenAt.ToUnixTimeMilliseconds()),
            ("@recorded", record.RecordedAt.ToUnixTimeMilliseconds()));
        if (added == 0)
        {
            return false;
        }

        foreach (var qubit in snapshot.Qubits)
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                """
                INSERT INTO calibration_qubits (backend, hash, qubit, t1_us, t2_us, readout_error)
                VALUES (@backend, @hash, @qubit, @t1, @t2, @readout) ON CONFLICT DO NOTHING
                """,
                ("@backend", snapshot.Backend), ("@hash", record.Hash), ("@qubit", qubit.Qubit), ("@t1", qubit.T1Us),
                ("@t2", qubit.T2Us), ("@readout", qubit.ReadoutError));
        }

        foreach (var gate in snapshot.Gates)
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                """
                INSERT INTO calibration_gates (backend, hash, gate, qubits, error, duration_ns)
                VALUES (@backend, @hash, @gate, @qubits, @error, @duration) ON CONFLICT DO NOTHING
                """,
                ("@backend", snapshot.Backend), ("@hash", record.Hash), ("@gate", gate.Gate),
                ("@qubits", string.Join(',', gate.Qubits)), ("@error", gate.Error), ("@duration", gate.DurationNs));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<CalibrationRecord>> ListAsync(string backend, DateTimeOffset since, int? qubit, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var parameters = new (string Name, object? Value)[]
        {
            ("@backend", backend), ("@since", since.ToUnixTimeMilliseconds()), ("@limit", Math.Clamp(limit, 1, 100_000)),
        };
        const string Window = "SELECT hash FROM calibrations WHERE backend = @backend AND taken_at >= @since ORDER BY taken_at DESC LIMIT @limit";
        var points = new List<(string Hash, DateTimeOffset TakenAt, DateTimeOffset RecordedAt)>();
        await using (var command = Command(connection, null,
            "SELECT hash, taken_at, recorded_at FROM calibrations WHERE backend = @backend AND taken_at >= @since ORDER BY taken_at DESC LIMIT @limit",
            parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                points.Add((reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
            }
        }

        var qubits = points.ToDictionary(p => p.Hash, _ => new List<QubitCalibration>(), StringComparer.Ordinal);
        var gates = points.ToDictionary(p => p.Hash, _ => new List<GateCalibration>(), StringComparer.Ordinal);
        await using (var command = Command(connection, null,
            $"""
            SELECT q.hash, q.qubit, q.t1_us, q.t2_us, q.readout_error FROM calibration_qubits q
            WHERE q.backend = @backend AND q.hash IN ({Window}) ORDER BY q.qubit
            """,
            parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var number = reader.GetInt32(1);
                if (qubit is null || qubit == number)
                {
                    qubits[reader.GetString(0)].Add(new QubitCalibration(number, reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
                }
            }
        }

        await using (var command = Command(connection, null,
            $"""
            SELECT g.hash, g.gate, g.qubits, g.error, g.duration_ns FROM calibration_gates g
            WHERE g.backend = @backend AND g.hash IN ({Window}) ORDER BY g.gate, g.qubits
            """,
            parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var text = reader.GetString(2);
                int[] on = text.Length == 0 ? [] : [.. text.Split(',').Select(q => int.Parse(q, CultureInfo.InvariantCulture))];
                if (qubit is null || on.Contains(qubit.Value))
                {
                    gates[reader.GetString(0)].Add(new GateCalibration(reader.GetString(1), on, reader.GetDouble(3), reader.GetDouble(4)));
                }
            }
        }

        return [.. points.OrderBy(p => p.TakenAt).Select(p =>
            new CalibrationRecord(p.Hash, new CalibrationSnapshot(backend, p.TakenAt, qubits[p.Hash], gates[p.Hash]), p.RecordedAt))];
    }

    public async Task BindRunAsync(string runId, string backend, string hash, IReadOnlyList<string> driftEvents, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO run_calibrations (run_id, backend, hash, drift_events, bound_at) VALUES (@id, @backend, @hash, @events, @at)
            ON CONFLICT (run_id) DO UPDATE SET backend = @backend, hash = @hash, drift_events = @events, bound_at = @at
            """,
            ("@id", runId), ("@backend", backend), ("@hash", hash), ("@events", JsonSerializer.Serialize(driftEvents, StoreJson.Options)),
            ("@at", _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task<RunCalibration?> GetRunCalibrationAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        string hash;
        string[] ids;
        long takenAt;
        await using (var command = Command(connection, null,
            """
            SELECT b.hash, b.drift_events, c.taken_at FROM run_calibrations b
            JOIN calibrations c ON c.backend = b.backend AND c.hash = b.hash WHERE b.run_id = @id
            """,
            ("@id", runId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (hash, ids, takenAt) = (reader.GetString(0), JsonSerializer.Deserialize<string[]>(reader.GetString(1), StoreJson.Options) ?? [], reader.GetInt64(2));
        }

        var events = new List<DriftEvent>();
        foreach (var id in ids)
        {
            events.AddRange(await QueryEventsAsync(connection, $"SELECT {EventColumns} FROM drift_events WHERE id = @id", cancellationToken, ("@id", id)));
        }

        return new RunCalibration(hash, DateTimeOffset.FromUnixTimeMilliseconds(takenAt), events);
    }

    public async Task RecordEventsAsync(IReadOnlyList<DriftEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        foreach (var e in events)
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                $"""
                INSERT INTO drift_events ({EventColumns})
                VALUES (@id, @backend, @snapshot, @subject, @metric, @baseline, @value, @statistic, @detected, CAST(@resolved AS BIGINT))
                ON CONFLICT (id) DO NOTHING
                """,
                ("@id", e.Id), ("@backend", e.Backend), ("@snapshot", e.Snapshot), ("@subject", e.Subject), ("@metric", e.Metric.ToString()),
                ("@baseline", e.Baseline), ("@value", e.Value), ("@statistic", e.Statistic), ("@detected", e.DetectedAt.ToUnixTimeMilliseconds()),
                ("@resolved", e.ResolvedAt?.ToUnixTimeMilliseconds()));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DriftEvent>> ListEventsAsync(string backend, DateTimeOffset since, bool activeOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryEventsAsync(connection,
            $"""
            SELECT {EventColumns} FROM drift_events
            WHERE backend = @backend AND detected_at >= @since AND (@active = 0 OR resolved_at IS NULL)
            ORDER BY detected_at, subject, metric
            """,
            cancellationToken, ("@backend", backend), ("@since", since.ToUnixTimeMilliseconds()), ("@active", activeOnly ? 1 : 0));
    }

    public async Task<int> ResolveAsync(string backend, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE drift_events SET resolved_at = @at WHERE backend = @backend AND resolved_at IS NULL AND detected_at < @at",
            ("@backend", backend), ("@at", at.ToUnixTimeMilliseconds()));
    }

    public Task<int> HoldQueuedAsync(string backend, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeHoldsAsync(
            """
            UPDATE run_drift SET held_since = @at, hold_reason = @reason, released_at = NULL, released_by = NULL
            WHERE backend = @backend AND policy = 'Hold' AND (held_since IS NULL OR released_at IS NOT NULL)
              AND run_id IN (SELECT id FROM runs WHERE backend = @backend AND state = 'Queued')
            """,
            new AuditEntry(DriftPolicyActor, null, null, "run.drift-held", "run", string.Empty, Detail: reason), at, cancellationToken,
            ("@backend", backend), ("@reason", reason), ("@at", at.ToUnixTimeMilliseconds()));

    public async Task HoldAsync(string runId, string backend, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ChangeHoldsAsync(
            """
            INSERT INTO run_drift (run_id, backend, policy, held_since, hold_reason) VALUES (@id, @backend, 'Hold', @at, @reason)
            ON CONFLICT (run_id) DO UPDATE SET held_since = @at, hold_reason = @reason, released_at = NULL, released_by = NULL
            """,
            new AuditEntry(DriftPolicyActor, null, null, "run.drift-held", "run", string.Empty, Detail: reason), at, cancellationToken,
            ("@id", runId), ("@backend", backend), ("@reason", reason), ("@at", at.ToUnixTimeMilliseconds()));

    public Task<int> ReleaseAsync(string backend, string? runId, string? tenant, string actor, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeHoldsAsync(
            $"""
            UPDATE run_drift SET released_at = @at, released_by = @actor
            WHERE backend = @backend AND {HeldCondition} AND (CAST(@run AS TEXT) IS NULL OR run_id = @run)
              AND (CAST(@tenant AS TEXT) IS NULL OR run_id IN (SELECT id FROM runs WHERE tenant = @tenant))
            """,
            new AuditEntry(actor, null, null, "run.drift-released", "run", string.Empty, Detail: $"released on {backend}"), at, cancellationToken,
            ("@backend", backend), ("@run", runId), ("@tenant", tenant), ("@actor", actor), ("@at", at.ToUnixTimeMilliseconds()));

    /// <summary>Runs <paramref name="sql"/> (a write to run_drift) and appends <paramref name="entry"/> for each run it
    /// changed, with that run and its tenant, in the same transaction: holds and releases change what a run does next, so
    /// they are on the audit chain like its transitions.</summary>
    private async Task<int> ChangeHoldsAsync(
        string sql, AuditEntry entry, DateTimeOffset at, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        List<(AuditEntry, DateTimeOffset)> changed = [];
        await using (var command = Command(connection, transaction,
            sql + " RETURNING run_id, (SELECT tenant FROM runs WHERE runs.id = run_drift.run_id)", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changed.Add((entry with { ObjectId = reader.GetString(0), Tenant = reader.IsDBNull(1) ? null : reader.GetString(1) }, at));
            }
        }

        await AppendAuditAsync(connection, transaction, [.. changed], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed.Count;
    }

    public async Task<RunDriftState> GetStateAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT policy, held_since, hold_reason, released_at FROM run_drift WHERE run_id = @id", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new RunDriftState(DriftPolicy.Run, null, false);
        }

        var held = !reader.IsDBNull(1);
        var released = !reader.IsDBNull(3);
        var hold = held && !released
            ? new DriftHold(reader.IsDBNull(2) ? "calibration drift" : reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
            : null;
        return new RunDriftState(Enum.Parse<DriftPolicy>(reader.GetString(0)), hold, held && released);
    }

    public async Task<int> CountHeldAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return (int)await ScalarAsync(connection, null,
            $"""
            SELECT COUNT(*) FROM run_drift d JOIN runs r ON r.id = d.run_id
            WHERE d.backend = @backend AND d.{HeldCondition.Replace(" AND ", " AND d.", StringComparison.Ordinal)} AND r.state = 'Queued'
            """,
            cancellationToken, ("@backend", backend));
    }

    /// <summary>The statement that stores a new run's drift policy with it, in its transaction; none for the default.</summary>
    private static (string Sql, (string Name, object? Value)[] Parameters)? DriftPolicyInsert(Run run) =>
        run.OnDrift == DriftPolicy.Run
            ? null
            : ("INSERT INTO run_drift (run_id, backend, policy) VALUES (@id, @backend, @policy)",
               [("@id", run.Id), ("@backend", run.Backend), ("@policy", run.OnDrift.ToString())]);

    private const string EventColumns = "id, backend, snapshot, subject, metric, baseline, value, statistic, detected_at, resolved_at";

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<DriftEvent>> QueryEventsAsync(
        DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<DriftEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DriftEvent(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Enum.Parse<DriftMetric>(reader.GetString(4)),
                reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return events;
    }
}
