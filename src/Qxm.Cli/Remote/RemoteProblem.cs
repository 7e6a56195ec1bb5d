using System.Text.Json;
using Qxm.Domain.Errors;

namespace Qxm.Cli.Remote;

/// <summary>The parts of a problem-details response the client acts on.</summary>
internal sealed record RemoteProblem(string Detail, IReadOnlyList<Diagnostic> Diagnostics, string? Type = null)
{
    /// <summary>The problem's diagnostics, or one under <paramref name="rule"/> carrying its detail when it has none.</summary>
    public IReadOnlyList<Diagnostic> DiagnosticsOr(string rule) => Diagnostics.Count > 0 ? Diagnostics : [new Diagnostic(rule, Detail)];

    public static RemoteProblem Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var detail = Text(root, "detail") ?? Text(root, "title") ?? "no detail";
        var diagnostics = new List<Diagnostic>();
        if (root.TryGetProperty("diagnostics", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                diagnostics.Add(new Diagnostic(
                    Text(item, "rule") ?? "unknown",
                    Text(item, "message") ?? "",
                    Text(item, "file"),
                    Number(item, "line"),
                    Number(item, "column"),
                    Text(item, "path"),
                    Text(item, "severity") == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error));
            }
        }

        return new RemoteProblem(detail, diagnostics, Text(root, "type"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
