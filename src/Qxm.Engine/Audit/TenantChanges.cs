using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Audit;

/// <summary>Puts changes of the tenants' settings on the audit chain. The settings live in a file an administrator edits,
/// not in the store, so whichever process loads them compares each tenant with the last settings the chain recorded for
/// it and appends <c>tenant.changed</c> (new or different settings) or <c>tenant.removed</c>.</summary>
public static class TenantChanges
{
    public const string Changed = "tenant.changed";

    public const string Removed = "tenant.removed";

    /// <summary>The actor of these events: the file, read by a process at start.</summary>
    public const string Actor = "tenants-file";

    /// <summary>Appends an event for each tenant whose settings differ from the chain's last record of it; returns how many.</summary>
    public static async Task<int> RecordAsync(TenantCatalog catalog, IAuditLog log, IAuditTrail trail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(trail);
        // The latest change event per tenant; read by object type, so starting a process costs what the tenants' events
        // are, not the whole chain.
        var recorded = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in await log.ListByObjectTypeAsync("tenant", cancellationToken))
        {
            if (e.Entry.Action is Changed or Removed)
            {
                recorded[e.Entry.ObjectId] = e.Entry.Action == Changed ? DigestOf(e.Entry.Detail) : null;
            }
        }

        var appended = 0;
        foreach (var tenant in catalog.All.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var settings = JsonSerializer.Serialize(tenant);
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)));
            if (!recorded.TryGetValue(tenant.Id, out var last) || last != digest)
            {
                await trail.AppendAsync(new AuditEntry(Actor, null, tenant.Id, Changed, "tenant", tenant.Id, Detail: $"sha256:{digest} {settings}"), cancellationToken);
                appended++;
            }
        }

        foreach (var (id, last) in recorded.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (last is not null && !catalog.TryGet(id, out _))
            {
                await trail.AppendAsync(new AuditEntry(Actor, null, id, Removed, "tenant", id, Detail: "no longer in the tenants file"), cancellationToken);
                appended++;
            }
        }

        return appended;
    }

    private static string? DigestOf(string? detail) =>
        detail is not null && detail.StartsWith("sha256:", StringComparison.Ordinal) && detail.IndexOf(' ', StringComparison.Ordinal) is > 7 and var end
            ? detail[7..end]
            : null;
}
