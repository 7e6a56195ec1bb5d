using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Events;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Telemetry: commit timings, the queue sample, the runs SLIs read, the event log and webhooks.</summary>
public abstract partial class RelationalStore : ITelemetryStore, IEventStore, IWebhookStore
{
    private const string StreamEventColumns = "seq, kind, at, run_id, tenant, backend, from_state, to_state, actor, reason, data";

    private static void RecordCommit(string operation, long started) =>
        QxmTelemetry.Store.CommitDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(QxmTelemetry.Labels.Operation, operation));

    /// <summary>A group commit is labelled with its members' operation, or <c>group</c> when they differ.</summary>
    private static void RecordGroupCommit(long started, int size, string operation)
    {
        RecordCommit(operation, started);
        QxmTelemetry.Store.BatchSize.Record(size);
    }

    public async Task<QueueSample> SampleQueueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT backend, tenant, COUNT(*), MIN(updated_at) FROM runs WHERE state = 'Queued' GROUP BY backend, tenant");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var entries = new List<QueueSampleEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var oldest = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
            entries.Add(new QueueSampleEntry(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), now > oldest ? now - oldest : TimeSpan.Zero));
        }

        return new QueueSample(entries);
    }

    public async Task<IReadOnlyList<FinishedRunRecord>> ListFinishedAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT r.tenant, r.backend, t.to_state, r.created_at, t.at,
                   (SELECT MIN(s.at) FROM run_transitions s WHERE s.run_id = r.id AND s.to_state = 'Running'),
                   (SELECT MAX(s.at) FROM run_transitions s WHERE s.run_id = r.id AND s.to_state = 'Running'),
                   res.execution_seconds,
                   CASE WHEN r.trace_parent IS NULL THEN 0 ELSE 1 END,
                   CASE WHEN res.run_id IS NULL THEN 0 ELSE 1 END,
                   (SELECT COUNT(*) FROM run_transitions s WHERE s.run_id = r.id AND s.actor = 'lease-expiry'),
                   r.error,
                   (SELECT COUNT(*) FROM run_attempts a WHERE a.run_id = r.id AND a.outcome <> 'ok'),
                   r.shots * r.sweep_points
            FROM run_transitions t
            JOIN runs r ON r.id = t.run_id
            LEFT JOIN results res ON res.run_id = r.id
            WHERE t.to_state IN ('Succeeded', 'Failed', 'Cancelled') AND t.at >= @since
            ORDER BY t.at DESC LIMIT @limit
            """,
            ("@since", since.ToUnixTimeMilliseconds()), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<FinishedRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new FinishedRunRecord(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<RunState>(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetDouble(7),
                Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture) == 1,
                Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture) == 1,
                Convert.ToInt32(reader.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                Convert.ToInt32(reader.GetValue(12), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(13) ? 0 : Convert.ToInt64(reader.GetValue(13), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return records;
    }

    public async Task<SliWindowFacts> ReadWindowFactsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        (string, object?)[] window = [("@since", since.ToUnixTimeMilliseconds()), ("@until", until.ToUnixTimeMilliseconds())];
        var reservations = new List<Reservation>();
        await using (var command = Command(connection, null,
            "SELECT id, backend, tenant, starts_at, ends_at FROM reservations WHERE cancelled_at IS NULL AND ends_at > @since AND starts_at < @until",
            window))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reservations.Add(new Reservation(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        var drift = await CountByAsync(connection,
            "SELECT backend, COUNT(*) FROM drift_events WHERE detected_at >= @since AND detected_at < @until GROUP BY backend", window, cancellationToken);
        // Refusals are audited as access.* entries with outcome Denied (AccessTrail); a caller without a key has no tenant.
        var denied = await CountByAsync(connection,
            """
            SELECT COALESCE(tenant, ''), COUNT(*) FROM audit_events
            WHERE action LIKE 'access.%' AND outcome = 'Denied' AND at >= @since AND at < @until
            GROUP BY COALESCE(tenant, '')
            """, window, cancellationToken);
        return new SliWindowFacts(reservations, drift, denied);
    }

    private static async Task<Dictionary<string, int>> CountByAsync(
        DbConnection connection, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public async Task<IReadOnlyList<QxmEvent>> ReadEventsAsync(long afterSequence, EventFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"""
            SELECT {StreamEventColumns} FROM events
            WHERE seq > @after
              AND (CAST(@run AS TEXT) IS NULL OR run_id = @run)
              AND (CAST(@tenant AS TEXT) IS NULL OR tenant = @tenant OR tenant IS NULL)
              AND (CAST(@backend AS TEXT) IS NULL OR backend = @backend)
            ORDER BY seq LIMIT @limit
            """,
            ("@after", afterSequence), ("@run", filter.RunId), ("@tenant", filter.Tenant), ("@backend", filter.Backend),
            ("@limit", Math.Clamp(limit, 1, 10_000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<QxmEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            events.Add(new QxmEvent(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                Text(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10)));
        }

        return events;
    }

    public async Task<long> LatestEventSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ScalarAsync(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM events", cancellationToken);
    }

    public async Task<long> AppendEventAsync(QxmEvent draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await LockAsync(connection, transaction, "events", cancellationToken);
        var sequence = await ScalarAsync(connection, transaction,
            """
            INSERT INTO events (kind, at, run_id, tenant, backend, from_state, to_state, actor, reason, data)
            VALUES (@kind, @at, CAST(@run AS TEXT), CAST(@tenant AS TEXT), CAST(@backend AS TEXT), CAST(@from AS TEXT), CAST(@to AS TEXT),
                    CAST(@actor AS TEXT), CAST(@reason AS TEXT), CAST(@data AS TEXT))
            RETURNING seq
            """,
            cancellationToken,
            ("@kind", draft.Kind), ("@at", draft.At.ToUnixTimeMilliseconds()), ("@run", draft.RunId), ("@tenant", draft.Tenant),
            ("@backend", draft.Backend), ("@from", draft.From), ("@to", draft.To), ("@actor", draft.Actor), ("@reason", draft.Reason),
            ("@data", draft.Data));
        await transaction.CommitAsync(cancellationToken);
        return sequence;
    }

    public async Task CreateWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO webhooks (id, tenant, url, secret, kinds, created_at, cursor)
            VALUES (@id, @tenant, @url, @secret, @kinds, @at, @cursor)
            """,
            ("@id", webhook.Id), ("@tenant", webhook.Tenant), ("@url", webhook.Url.ToString()), ("@secret", webhook.Secret),
            ("@kinds", JsonSerializer.Serialize(webhook.Kinds, StoreJson.Options)), ("@at", webhook.CreatedAt.ToUnixTimeMilliseconds()),
            ("@cursor", webhook.Cursor));
    }

    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT id, tenant, url, secret, kinds, created_at, cursor FROM webhooks
            WHERE deleted_at IS NULL AND (CAST(@tenant AS TEXT) IS NULL OR tenant = @tenant) ORDER BY created_at, id
            """,
            ("@tenant", tenant));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var webhooks = new List<Webhook>();
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(new Webhook(reader.GetString(0), reader.GetString(1), new Uri(reader.GetString(2)), reader.GetString(3),
                JsonSerializer.Deserialize<string[]>(reader.GetString(4), StoreJson.Options) ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetInt64(6)));
        }

        return webhooks;
    }

    public async Task<bool> DeleteWebhookAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE webhooks SET deleted_at = @now WHERE id = @id AND tenant = @tenant AND deleted_at IS NULL",
            ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@id", id), ("@tenant", tenant)) == 1;
    }

    public async Task AdvanceWebhookAsync(string id, long cursor, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE webhooks SET cursor = @cursor WHERE id = @id AND cursor < @cursor", ("@cursor", cursor), ("@id", id));
    }

    public async Task RecordDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO webhook_deliveries (webhook_id, event_seq, attempt, at, outcome, status_code, error, duration_ms)
            VALUES (@id, @seq, @attempt, @at, @outcome, CAST(@status AS INTEGER), CAST(@error AS TEXT), @ms)
            """,
            ("@id", delivery.WebhookId), ("@seq", delivery.EventSequence), ("@attempt", delivery.Attempt),
            ("@at", delivery.At.ToUnixTimeMilliseconds()), ("@outcome", delivery.Outcome), ("@status", delivery.StatusCode),
            ("@error", delivery.Error), ("@ms", (long)delivery.Duration.TotalMilliseconds));
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT event_seq, attempt, at, outcome, status_code, error, duration_ms FROM webhook_deliveries
            WHERE webhook_id = @id ORDER BY id DESC LIMIT @limit
            """,
            ("@id", webhookId), ("@limit", Math.Clamp(limit, 1, 1000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDelivery(webhookId, reader.GetInt64(0), reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                TimeSpan.FromMilliseconds(reader.GetInt64(6))));
        }

        return deliveries;
    }
}
