using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The circuit when the program is valid; otherwise null, and <see cref="Diagnostics"/> says why.</summary>
public sealed record ParseResult(Circuit? Circuit, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Circuit is not null;

    /// <summary>The program failed only for want of a target's durations (<c>durationof</c> of gates, read for no
    /// backend): read for a backend, it may be valid there.</summary>
    public bool NeedsTargetDurations =>
        Circuit is null && Diagnostics.Any(d => d.IsError) && Diagnostics.Where(d => d.IsError).All(d => d.Rule == DiagnosticRules.DurationUnknown);
}
