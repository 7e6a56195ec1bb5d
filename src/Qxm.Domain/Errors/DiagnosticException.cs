namespace Qxm.Domain.Errors;

/// <summary>Carries diagnostics across a boundary where a result type is not practical
/// (deep inside a parser); caught and turned back into values at the component's edge.</summary>
public sealed class DiagnosticException : QxmException
{
    public DiagnosticException(Diagnostic diagnostic) : base(diagnostic.ToString()) => Diagnostic = diagnostic;

    public Diagnostic Diagnostic { get; }
}
