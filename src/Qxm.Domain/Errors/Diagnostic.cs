namespace Qxm.Domain.Errors;

/// <summary>An expected problem with user input, located in a file when it has a place.</summary>
/// <param name="Rule">A stable id such as <c>qasm.syntax</c> or <c>experiment.unknown-field</c>.</param>
/// <param name="Message">One line, in words a user understands.</param>
/// <param name="File">The file (as the user named it) or a logical name such as <c>&lt;inline&gt;</c>.</param>
/// <param name="Line">1-based line; 0 when the problem has no position.</param>
/// <param name="Column">1-based column; 0 when the problem has no position.</param>
/// <param name="Path">For structured input, the field path (e.g. <c>parameters.theta</c>).</param>
public sealed record Diagnostic(
    string Rule,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0,
    string? Path = null,
    DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The compiler-style one-line form: <c>file:line:col: message</c>.</summary>
    public override string ToString()
    {
        var where = File ?? "";
        if (Line > 0)
        {
            where += $":{Line}:{Column}";
        }

        var field = Path is null ? "" : $"{Path}: ";
        return where.Length == 0 ? $"{field}{Message}" : $"{where}: {field}{Message}";
    }
}
