using Qxm.Domain.Errors;

namespace Qxm.Server.Problems;

/// <summary>A diagnostic as a refused submission's problem details list it.</summary>
internal sealed record ProblemDiagnostic(string Rule, string Message, string? File, int Line, int Column, string? Path, DiagnosticSeverity Severity)
{
    public static ProblemDiagnostic From(Diagnostic diagnostic) =>
        new(diagnostic.Rule, diagnostic.Message, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Path, diagnostic.Severity);
}
