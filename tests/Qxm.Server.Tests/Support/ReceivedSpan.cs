namespace Qxm.Server.Tests.Support;

/// <summary>A span as the OTLP receiver decoded it: ids in lower-case hex, kind and status code as OTLP numbers them
/// (kind 3 = client; status 2 = error).</summary>
internal sealed record ReceivedSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, int Status, IReadOnlyDictionary<string, string> Attributes);
