namespace Qxm.Server.Fuzzing;

/// <summary>One generated request: what is sent, and whether its body is over every limit (the server may then close the
/// connection while the body is still being sent, which is a refusal, not a failure).</summary>
internal sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, bool Oversized)
{
    public string Describe() =>
        $"{Method} {Path} [{ContentType ?? "no content type"}, {Body?.Length ?? 0} bytes{(Headers.Count > 0 ? ", " + string.Join(", ", Headers.Select(h => h.Key)) : "")}]"
        + (Body is { Length: > 0 } body ? ": " + Printable(body) : "");

    private static string Printable(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120));
        return new string([.. text.Select(c => c is >= ' ' and < (char)0x7f ? c : '.')]);
    }
}
