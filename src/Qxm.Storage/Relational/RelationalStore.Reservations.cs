using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>Reservations: non-overlapping backend windows.</summary>
public abstract partial class RelationalStore
{
    public async Task<bool> TryCreateAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);

        // Should concurrent writers still collide (another qxm version without the lock), the database aborts one, whose
        // retry then sees the other's committed window and answers from it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCreateOnceAsync(reservation, cancellationToken);
            }
            catch (DbException e) when (attempt < 5 && IsTransientConflict(e))
            {
                // No pause: by the time the database reports the deadlock it has resolved it, so the retry finds the
                // other transaction finished.
            }
        }
    }

    private async Task<bool> TryCreateOnceAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        // Requests for one backend take turns: concurrent inserts checked only by the exclusion constraint deadlock
        // each other, which the constraint survives but the callers would see as errors.
        await LockAsync(connection, transaction, "reservations:" + reservation.Backend, cancellationToken);
        var overlapping = await ScalarAsync(connection, transaction,
            """
            SELECT COUNT(*) FROM reservations
            WHERE backend = @backend AND cancelled_at IS NULL AND starts_at < @end AND @start < ends_at
            """,
            cancellationToken, ("@backend", reservation.Backend), ("@start", reservation.Start.ToUnixTimeMilliseconds()),
            ("@end", reservation.End.ToUnixTimeMilliseconds()));
        if (overlapping > 0)
        {
            return false;
        }

        try
        {
            await ExecuteAsync(connection, transaction, cancellationToken,
                """
                INSERT INTO reservations (id, backend, tenant, starts_at, ends_at, created_at)
                VALUES (@id, @backend, @tenant, @start, @end, @now)
                """,
                ("@id", reservation.Id), ("@backend", reservation.Backend), ("@tenant", reservation.Tenant),
                ("@start", reservation.Start.ToUnixTimeMilliseconds()), ("@end", reservation.End.ToUnixTimeMilliseconds()),
                ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (IsOverlapViolation(e))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Reservation>> ListAsync(string? backend, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT id, backend, tenant, starts_at, ends_at FROM reservations
            WHERE cancelled_at IS NULL AND ends_at > @after AND (CAST(@backend AS TEXT) IS NULL OR backend = @backend)
            ORDER BY starts_at
            """,
            ("@after", after.ToUnixTimeMilliseconds()), ("@backend", backend));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reservations = new List<Reservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reservations.Add(new Reservation(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return reservations;
    }

    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> ExecutionIntervalsAsync(
        string backend, string tenant, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT started.at, COALESCE(ended.at, @to) FROM run_transitions started
            JOIN runs r ON r.id = started.run_id
            LEFT JOIN run_transitions ended ON ended.run_id = started.run_id AND ended.seq = started.seq + 1
            WHERE started.to_state = 'Running' AND r.tenant = @tenant AND r.backend = @backend
              AND started.at < @to AND COALESCE(ended.at, @to) > @from
            ORDER BY started.at
            """,
            ("@to", windowEnd.ToUnixTimeMilliseconds()), ("@tenant", tenant), ("@backend", backend), ("@from", windowStart.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var intervals = new List<(DateTimeOffset, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var start = Math.Max(reader.GetInt64(0), windowStart.ToUnixTimeMilliseconds());
            var end = Math.Min(reader.GetInt64(1), windowEnd.ToUnixTimeMilliseconds());
            intervals.Add((DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end)));
        }

        return intervals;
    }

    public async Task<bool> CancelAsync(string reservationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE reservations SET cancelled_at = @now WHERE id = @id AND cancelled_at IS NULL",
            ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@id", reservationId)) == 1;
    }
}
