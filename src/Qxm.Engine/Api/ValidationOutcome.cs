using Qxm.Domain.Errors;

namespace Qxm.Engine.Api;

/// <summary>What validating an experiment found, without storing anything: the backend it was checked against
/// (chosen by requirements when the experiment names none; null when none could be) and every diagnostic.</summary>
public sealed record ValidationOutcome(string? Backend, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>What running it would cost in US dollars under the backend's price model; null when it is not valid.</summary>
    public decimal? EstimatedCostUsd { get; init; }

    /// <summary>The backend's price model in one line (<c>free</c>, <c>$1.60 per second</c>...); null when it is not valid.</summary>
    public string? Pricing { get; init; }

    public bool Valid => Backend is not null && !Diagnostics.Any(d => d.IsError);
}
