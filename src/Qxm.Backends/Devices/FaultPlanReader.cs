using System.Text.Json;
using Qxm.Domain.Errors;

namespace Qxm.Backends.Devices;

/// <summary>Reads a device file's optional <c>faults</c> and <c>queue</c> sections (docs/devices.md), naming the field of
/// every mistake.</summary>
public static class FaultPlanReader
{
    private static readonly string[] Fields = ["seed", "rateLimited", "transient", "timeout", "authExpiredEvery", "malformedResult", "outages"];

    public static FaultPlan Read(JsonElement root, string origin)
    {
        if (!root.TryGetProperty("faults", out var faults))
        {
            return FaultPlan.None;
        }

        if (faults.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(origin, "faults", "an object is required");
        }

        foreach (var property in faults.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid(origin, $"faults.{property.Name}", $"unknown field; expected one of {string.Join(", ", Fields)}");
            }
        }

        var seed = faults.TryGetProperty("seed", out var s) ? (s.TryGetUInt64(out var value) ? value : throw Invalid(origin, "faults.seed", "a non-negative integer is required")) : 0UL;
        var plan = new FaultPlan(
            seed,
            Probability(faults, "rateLimited", origin),
            Number(faults, "rateLimited", "retryAfterSeconds", origin, 1, 0, 3600),
            Probability(faults, "transient", origin),
            Probability(faults, "timeout", origin),
            Number(faults, "timeout", "seconds", origin, 30, 0.001, 3600),
            AuthEvery(faults, origin),
            Probability(faults, "malformedResult", origin),
            Outages(faults, origin));
        if (plan.RateLimitedProbability + plan.TransientProbability + plan.TimeoutProbability > 1)
        {
            throw Invalid(origin, "faults", "rateLimited, transient and timeout probabilities must sum to at most 1");
        }

        return plan;
    }

    /// <summary>The <c>queue</c> section: how long a job waits in the device's queue before it runs.</summary>
    public static TimeSpan ReadQueueDelay(JsonElement root, string origin)
    {
        if (!root.TryGetProperty("queue", out var queue))
        {
            return TimeSpan.Zero;
        }

        return queue.ValueKind == JsonValueKind.Object
            ? TimeSpan.FromSeconds(Number(root, "queue", "delaySeconds", origin, 0, 0, 86_400))
            : throw Invalid(origin, "queue", "an object such as { \"delaySeconds\": 5 } is required");
    }

    private static double Probability(JsonElement faults, string field, string origin) =>
        Number(faults, field, "probability", origin, 0, 0, 1);

    private static double Number(JsonElement parent, string section, string field, string origin, double fallback, double min, double max)
    {
        if (!parent.TryGetProperty(section, out var element))
        {
            return fallback;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(origin, $"faults.{section}", "an object is required");
        }

        if (!element.TryGetProperty(field, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() >= min && value.GetDouble() <= max
            ? value.GetDouble()
            : throw Invalid(origin, $"{section}.{field}", $"a number from {min} to {max} is required");
    }

    private static int AuthEvery(JsonElement faults, string origin) =>
        !faults.TryGetProperty("authExpiredEvery", out var every) ? 0
            : every.TryInt32(out var calls) && calls >= 1 ? calls
            : throw Invalid(origin, "faults.authExpiredEvery", "a positive number of calls is required");

    private static List<FaultOutage> Outages(JsonElement faults, string origin)
    {
        if (!faults.TryGetProperty("outages", out var list))
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(origin, "faults.outages", "a list of { \"afterSeconds\": N, \"forSeconds\": N } is required");
        }

        var outages = new List<FaultOutage>();
        foreach (var outage in list.EnumerateArray())
        {
            if (outage.ValueKind != JsonValueKind.Object
                || !outage.TryGetProperty("afterSeconds", out var after) || after.ValueKind != JsonValueKind.Number || after.GetDouble() < 0
                || !outage.TryGetProperty("forSeconds", out var length) || length.ValueKind != JsonValueKind.Number || length.GetDouble() <= 0)
            {
                throw Invalid(origin, "faults.outages", $"{outage.GetRawText()} needs a non-negative afterSeconds and a positive forSeconds");
            }

            outages.Add(new FaultOutage(after.GetDouble(), length.GetDouble()));
        }

        return outages;
    }

    private static QxmException Invalid(string origin, string field, string message) => new($"device file {origin}: {field}: {message}");
}
