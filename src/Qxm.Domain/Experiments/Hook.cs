namespace Qxm.Domain.Experiments;

/// <summary>An external step of an experiment: a program run with an argument vector (never through a shell) or an
/// HTTP endpoint, given JSON and answering JSON, within a time limit.</summary>
/// <param name="Command">The program and its arguments, exactly as passed to it; null for a URL hook.</param>
/// <param name="Url">An http(s) endpoint the JSON is POSTed to; null for a command hook.</param>
public sealed record Hook(IReadOnlyList<string>? Command, string? Url, double TimeoutSeconds = Hook.DefaultTimeoutSeconds)
{
    public const double DefaultTimeoutSeconds = 30;
    public const double MaxTimeoutSeconds = 3600;
}
