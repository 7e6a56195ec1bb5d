using Qxm.Domain.Errors;

namespace Qxm.Circuits.Syntax;

/// <summary>What the syntax stage makes of one file: its tree (statements that failed to parse left out) and the
/// syntax diagnostics, and the file read, which turns the nodes' spans into lines and columns.</summary>
internal sealed record SyntaxTree(ProgramSyntax Root, IReadOnlyList<Diagnostic> Diagnostics, SourceText Source)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
