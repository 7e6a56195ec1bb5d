using System.Data.Common;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Runs' backend jobs (idempotency key before the call, job id after), the calls made for them, handing leases
/// to the remote job follower, and operators' drains and holds.</summary>
public abstract partial class RelationalStore : IBackendJobs, IBackendControls
{
    public async Task<BackendJobRecord> BeginAsync(string runId, string backend, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO backend_jobs (run_id, backend, idempotency_key, job_id, created_at) VALUES (@run, @backend, @key, NULL, @now)
            ON CONFLICT DO NOTHING
            """,
            ("@run", runId), ("@backend", backend), ("@key", idempotencyKey), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        return (await ReadJobsAsync(connection, "WHERE run_id = @run AND backend = @backend", cancellationToken, ("@run", runId), ("@backend", backend)))[0];
    }

    public async Task RecordJobIdAsync(string runId, string backend, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE backend_jobs SET job_id = @job WHERE run_id = @run AND backend = @backend",
            ("@job", jobId), ("@run", runId), ("@backend", backend));
    }

    public async Task<BackendJobRecord?> GetJobAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var jobs = await ReadJobsAsync(connection, "WHERE run_id = @run ORDER BY created_at DESC", cancellationToken, ("@run", runId));
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task RecordAttemptAsync(string runId, BackendAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO run_attempts (run_id, seq, at, operation, outcome, job_id, message, local, artifact)
            VALUES (@run, (SELECT COALESCE(MAX(seq), 0) + 1 FROM run_attempts WHERE run_id = @run), @at, @operation, @outcome,
                    CAST(@job AS TEXT), CAST(@message AS TEXT), @local, CAST(@artifact AS TEXT))
            """,
            ("@run", runId), ("@at", attempt.At.ToUnixTimeMilliseconds()), ("@operation", attempt.Operation), ("@outcome", attempt.Outcome),
            ("@job", attempt.JobId), ("@message", attempt.Message), ("@local", attempt.Local ? 1 : 0), ("@artifact", attempt.Artifact));
    }

    public async Task<IReadOnlyList<BackendAttempt>> ListAttemptsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT seq, at, operation, outcome, job_id, message, local, artifact FROM run_attempts WHERE run_id = @run ORDER BY seq",
            ("@run", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attempts = new List<BackendAttempt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new BackendAttempt(
                reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6) != 0, reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return attempts;
    }

    public async Task<bool> HandOverAsync(string runId, string workerId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE runs SET lease_owner = @owner WHERE id = @id AND lease_owner = @worker AND state = 'Running'",
            ("@owner", owner), ("@id", runId), ("@worker", workerId)) == 1;
    }

    public async Task<int> RenewAllAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE runs SET lease_expires_at = @expires WHERE lease_owner = @owner AND state = 'Running'",
            ("@expires", (_time.GetUtcNow() + lease).ToUnixTimeMilliseconds()), ("@owner", owner));
    }

    public async Task SetAsync(BackendControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO backend_controls (backend, mode, reason, actor, since) VALUES (@backend, @mode, @reason, @actor, @since)
            ON CONFLICT (backend) DO UPDATE SET mode = excluded.mode, reason = excluded.reason, actor = excluded.actor, since = excluded.since
            """,
            ("@backend", control.Backend), ("@mode", control.Mode.ToString()), ("@reason", control.Reason), ("@actor", control.Actor),
            ("@since", control.Since.ToUnixTimeMilliseconds()));
    }

    public async Task<bool> ClearAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken, "DELETE FROM backend_controls WHERE backend = @backend", ("@backend", backend)) == 1;
    }

    async Task<IReadOnlyList<BackendControl>> IBackendControls.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT backend, mode, reason, actor, since FROM backend_controls ORDER BY backend");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var controls = new List<BackendControl>();
        while (await reader.ReadAsync(cancellationToken))
        {
            controls.Add(new BackendControl(reader.GetString(0), Enum.Parse<BackendControlMode>(reader.GetString(1)), reader.GetString(2),
                reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return controls;
    }

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<BackendJobRecord>> ReadJobsAsync(
        DbConnection connection, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var command = Command(connection, null, $"SELECT run_id, backend, idempotency_key, job_id, created_at FROM backend_jobs {where}", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<BackendJobRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new BackendJobRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return jobs;
    }
}
