using System.Globalization;
using Qxm.Domain.Audit;

namespace Qxm.Cli.Rendering;

internal static class AuditView
{
    /// <summary>One event a line, tab-separated so that it can be cut and grepped: position, time, actor, tenant, action,
    /// object, outcome, detail.</summary>
    public static void WriteLines(TextWriter writer, IReadOnlyList<AuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var entry = e.Entry;
            writer.WriteLine(string.Join('\t',
                e.Position.ToString(CultureInfo.InvariantCulture),
                e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                entry.Principal is null ? entry.Actor : $"{entry.Actor} ({entry.Principal})",
                entry.Tenant ?? "-",
                entry.Action,
                $"{entry.ObjectType}/{entry.ObjectId}",
                entry.Outcome.ToString(),
                entry.Detail ?? ""));
        }
    }
}
