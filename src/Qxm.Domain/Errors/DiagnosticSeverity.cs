namespace Qxm.Domain.Errors;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
