using System.Collections;

namespace Qxm.Engine.Diagnostics;

/// <summary>The log scope of one run: structured loggers (JSON console, OpenTelemetry) write its fields on every line
/// logged inside it.</summary>
internal sealed class RunScope(string runId, string? traceId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RunId", runId),
        1 => new("TraceId", traceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"run {runId} trace {traceId}";
}
