using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The circuit when the program is valid; otherwise null, and <see cref="Diagnostics"/> says why.</summary>
public sealed record ParseResult(Circuit? Circuit, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Circuit is not null;
}
