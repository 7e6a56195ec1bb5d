using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The circuit when the program is valid and complete; otherwise null, and <see cref="Diagnostics"/> says why:
/// errors, or (read without a target, the language check) warnings naming what only a backend provides.</summary>
public sealed record ParseResult(Circuit? Circuit, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Circuit is not null;

    /// <summary>Valid OpenQASM that only a backend completes (read for no target: <c>durationof</c> of gates, calls of
    /// externs): read for a backend, it may be valid there.</summary>
    public bool NeedsBackend => Circuit is null && !Diagnostics.Any(d => d.IsError);

    /// <summary>Valid but for want of a target's durations (<c>durationof</c> of gates, read for no backend).</summary>
    public bool NeedsTargetDurations => NeedsBackend && Diagnostics.Any(d => d.Rule == DiagnosticRules.DurationUnknown);
}
