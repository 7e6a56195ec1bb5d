using Qxm.Domain.Errors;

namespace Qxm.Engine.Api;

/// <summary>What validating an experiment found, without storing anything: the backend it was checked against
/// (chosen by requirements when the experiment names none; null when none could be) and every diagnostic.</summary>
public sealed record ValidationOutcome(string? Backend, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Valid => Backend is not null && !Diagnostics.Any(d => d.IsError);
}
