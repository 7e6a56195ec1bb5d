using Qxm.Domain.Errors;

namespace Qxm.Circuits.Syntax;

/// <summary>What the syntax stage makes of one file: its tree (statements that failed to parse left out) and the
/// syntax diagnostics.</summary>
internal sealed record SyntaxTree(ProgramSyntax Root, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
