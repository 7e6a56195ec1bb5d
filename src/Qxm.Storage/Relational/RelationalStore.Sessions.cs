using System.Data.Common;
using System.Globalization;
using Qxm.Domain.Audit;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Backend sessions: one active holder per backend, checked under the backend's lock.</summary>
public abstract partial class RelationalStore : ISessionStore
{
    private const string SessionColumns = "id, tenant, backend, opened_at, max_ms, idle_ms, last_activity_at, closed_at, vendor_session, vendor_closed_at";

    public async Task<Session?> TryOpenSessionAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await LockAsync(connection, transaction, "sessions:" + session.Backend, cancellationToken);
        var holder = (await ReadSessionsAsync(connection, transaction,
                $"SELECT {SessionColumns} FROM sessions WHERE backend = @backend AND closed_at IS NULL ORDER BY opened_at, id",
                cancellationToken, ("@backend", session.Backend)))
            .FirstOrDefault(s => s.IsActiveAt(session.OpenedAt));
        if (holder is not null)
        {
            return holder;
        }

        await ExecuteAsync(connection, transaction, cancellationToken,
            $"INSERT INTO sessions ({SessionColumns}) VALUES (@id, @tenant, @backend, @opened, @max, @idle, @opened, NULL, NULL, NULL)",
            ("@id", session.Id), ("@tenant", session.Tenant), ("@backend", session.Backend), ("@opened", session.OpenedAt.ToUnixTimeMilliseconds()),
            ("@max", (long)session.Max.TotalMilliseconds), ("@idle", (long)session.Idle.TotalMilliseconds));
        await AppendAuditAsync(connection, transaction,
            [(new AuditEntry("session", null, session.Tenant, "session.opened", "session", session.Id,
                Detail: string.Create(CultureInfo.InvariantCulture, $"{session.Backend}, at most {session.Max.TotalSeconds:0} s, idle {session.Idle.TotalSeconds:0} s")),
              session.OpenedAt)],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task<Session?> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return (await ReadSessionsAsync(connection, null, $"SELECT {SessionColumns} FROM sessions WHERE id = @id", cancellationToken, ("@id", sessionId)))
            .FirstOrDefault();
    }

    public async Task<IReadOnlyList<Session>> ListSessionsAsync(string? backend, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // Ended sessions leave by their own columns: opened + max bounds every end, so older ones are not read at all.
        var sessions = backend is null
            ? await ReadSessionsAsync(connection, null,
                $"SELECT {SessionColumns} FROM sessions WHERE opened_at + max_ms > @after ORDER BY opened_at, id",
                cancellationToken, ("@after", after.ToUnixTimeMilliseconds()))
            : await ReadSessionsAsync(connection, null,
                $"SELECT {SessionColumns} FROM sessions WHERE backend = @backend AND opened_at + max_ms > @after ORDER BY opened_at, id",
                cancellationToken, ("@backend", backend), ("@after", after.ToUnixTimeMilliseconds()));
        return [.. sessions.Where(s => s.EndedAt(after) is null || s.EndedAt(after) > after)];
    }

    public async Task TouchSessionsAsync(string backend, string tenant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // Only a session still holding the backend is kept alive: one that went idle stays ended.
        await ExecuteAsync(connection, transaction, cancellationToken,
            """
            UPDATE sessions SET last_activity_at = @at
            WHERE backend = @backend AND tenant = @tenant AND closed_at IS NULL
              AND last_activity_at + idle_ms > @at AND opened_at + max_ms > @at AND last_activity_at < @at
            """,
            ("@at", at.ToUnixTimeMilliseconds()), ("@backend", backend), ("@tenant", tenant));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> CloseSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var closed = (await ReadSessionsAsync(connection, transaction,
                $"UPDATE sessions SET closed_at = @at WHERE id = @id AND closed_at IS NULL RETURNING {SessionColumns}",
                cancellationToken, ("@at", at.ToUnixTimeMilliseconds()), ("@id", sessionId)))
            .FirstOrDefault();
        if (closed is not null)
        {
            await AppendAuditAsync(connection, transaction,
                [(new AuditEntry("session", null, closed.Tenant, "session.closed", "session", closed.Id, Detail: closed.Backend), at)], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return closed is not null;
    }

    public async Task<bool> SetVendorSessionAsync(string sessionId, string vendorSession, DateTimeOffset? closedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var changed = (await ReadSessionsAsync(connection, transaction,
                $"UPDATE sessions SET vendor_session = @vendor, vendor_closed_at = @closed WHERE id = @id RETURNING {SessionColumns}",
                cancellationToken, ("@vendor", vendorSession), ("@closed", closedAt?.ToUnixTimeMilliseconds()), ("@id", sessionId)))
            .FirstOrDefault();
        if (changed is not null)
        {
            // What qxm holds at a vendor (and stops holding) is part of the trail, like its own session's opening and closing.
            var action = closedAt is null ? "session.vendor-opened" : "session.vendor-closed";
            await AppendAuditAsync(connection, transaction,
                [(new AuditEntry("session", null, changed.Tenant, action, "session", changed.Id, Detail: $"{changed.Backend}: {vendorSession}"),
                  closedAt ?? _time.GetUtcNow())],
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed is not null;
    }

    private static async Task<List<Session>> ReadSessionsAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<Session>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new Session(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)), TimeSpan.FromMilliseconds(reader.GetInt64(5)))
            {
                LastActivityAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                ClosedAt = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                VendorSession = reader.IsDBNull(8) ? null : reader.GetString(8),
                VendorClosedAt = reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
            });
        }

        return sessions;
    }
}
