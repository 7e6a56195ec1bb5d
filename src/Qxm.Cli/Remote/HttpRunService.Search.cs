using System.Globalization;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Remote;

/// <summary>The search filters and cursor of a run listing, as <c>/api/v1/runs</c> query parameters.</summary>
internal sealed partial class HttpRunService
{
    private static IEnumerable<string> SearchParameters(RunQuery query)
    {
        static string Time(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

        foreach (var (name, value) in new[]
        {
            ("tag", query.Tag), ("name", query.Name), ("fingerprint", query.Fingerprint), ("submitter", query.Submitter),
            ("since", query.Since is { } since ? Time(since) : null), ("until", query.Until is { } until ? Time(until) : null),
            ("cursor", query.After?.Encode()), ("order", query.Order == RunOrder.Oldest ? "oldest" : null),
        })
        {
            if (value is not null)
            {
                yield return $"{name}={(name is "since" or "until" ? value : Uri.EscapeDataString(value))}";
            }
        }
    }
}
