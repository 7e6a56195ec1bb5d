using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Remote;

/// <summary>A remote backend's result as it travels: JSON, <c>{"results": [{"counts": {...}}], "executionSeconds": s}</c>.
/// Reading it is where a vendor's bad answers are caught: anything that is not that document is a classified error
/// carrying the raw answer, never a crash and never a result. (Counts that are readable but wrong for the run, such as
/// the wrong bit width or a sum other than the shots, are caught when the result is ingested.)</summary>
public static class ResultAnswer
{
    public const string ContentType = "application/json";

    public static byte[] Encode(BackendJobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["results"] = result.Counts.Select(c => new Dictionary<string, object> { ["counts"] = c }).ToList(),
            ["executionSeconds"] = result.ExecutionSeconds,
            ["provenance"] = result.Provenance,
        });
    }

    /// <summary>The result in <paramref name="body"/>; <see cref="BackendErrorKind.Transient"/> when it cannot be read
    /// (another fetch may bring it whole), with the raw answer attached.</summary>
    public static BackendJobResult Decode(string? contentType, ReadOnlyMemory<byte> body)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw Unreadable($"the result came as '{contentType}', not {ContentType}", body);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw Unreadable("the result has no 'results' list", body);
            }

            var counts = new List<IReadOnlyDictionary<string, long>>();
            foreach (var point in results.EnumerateArray())
            {
                if (point.ValueKind != JsonValueKind.Object || !point.TryGetProperty("counts", out var table) || table.ValueKind != JsonValueKind.Object)
                {
                    throw Unreadable($"result {counts.Count} has no 'counts' object", body);
                }

                var entries = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var entry in table.EnumerateObject())
                {
                    entries[entry.Name] = entry.Value.TryInt64(out var count)
                        ? count
                        : throw Unreadable($"result {counts.Count}: the count of '{entry.Name}' is not an integer", body);
                }

                counts.Add(entries);
            }

            var seconds = root.TryGetProperty("executionSeconds", out var s) && s.TryDouble(out var value) ? value : 0;
            Dictionary<string, string>? provenance = null;
            if (root.TryGetProperty("provenance", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                provenance = p.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(e => e.Name, e => e.Value.GetString()!, StringComparer.Ordinal);
            }

            return new BackendJobResult(counts, seconds, provenance) { RawAnswer = body };
        }
        catch (JsonException e)
        {
            throw Unreadable($"the result is not valid JSON ({e.Message})", body);
        }
    }

    private static BackendException Unreadable(string message, ReadOnlyMemory<byte> body) =>
        new(BackendErrorKind.Transient, message, rawAnswer: body);
}
