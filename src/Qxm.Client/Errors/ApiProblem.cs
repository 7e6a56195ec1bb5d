using System.Text.Json;
using Qxm.Client.Wire;
using Qxm.Domain.Errors;

namespace Qxm.Client.Errors;

/// <summary>The RFC 9457 problem details the server answered a refused request with.</summary>
/// <param name="Type">A stable identifier such as <see cref="ProblemTypes.RunNotFound"/>; <c>about:blank</c> when none.</param>
/// <param name="Title">A short summary of the problem type.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong with this request, in words.</param>
/// <param name="Diagnostics">An invalid experiment's problems, each with rule, message, file, line and column.</param>
/// <param name="Extensions">Every other member of the problem (a trace id, a run id), as JSON.</param>
public sealed record ApiProblem(
    string Type, string? Title, int Status, string Detail, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>The problem a body holds; one made of the status and the body's text when it is not problem details (a
    /// proxy's error page).</summary>
    public static ApiProblem Parse(int status, string? body, string? reasonPhrase)
    {
        var fallback = string.IsNullOrWhiteSpace(body) ? reasonPhrase ?? "no detail" : body.Trim();
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ApiProblem("about:blank", reasonPhrase, status, fallback, [], new Dictionary<string, JsonElement>());
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ApiProblem("about:blank", reasonPhrase, status, fallback, [], new Dictionary<string, JsonElement>());
            }

            var diagnostics = new List<Diagnostic>();
            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (member.Name == ProblemTypes.DiagnosticsExtension && member.Value.ValueKind == JsonValueKind.Array)
                {
                    diagnostics.AddRange(member.Value.EnumerateArray().Select(ReadDiagnostic));
                }
                else if (member.Name is not ("type" or "title" or "status" or "detail"))
                {
                    extensions[member.Name] = member.Value.Clone();
                }
            }

            var title = Text(root, "title");
            return new ApiProblem(Text(root, "type") ?? "about:blank", title, status, Text(root, "detail") ?? title ?? fallback, diagnostics, extensions);
        }
        catch (JsonException)
        {
            return new ApiProblem("about:blank", reasonPhrase, status, fallback, [], new Dictionary<string, JsonElement>());
        }
    }

    private static Diagnostic ReadDiagnostic(JsonElement item) => new(
        Text(item, "rule") ?? "unknown",
        Text(item, "message") ?? "",
        Text(item, "file"),
        Number(item, "line"),
        Number(item, "column"),
        Text(item, "path"),
        Text(item, "severity") == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;
}
