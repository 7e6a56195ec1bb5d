namespace Qxm.Cli.Input;

/// <summary>What the command line sets over the file: for a bare circuit these are the experiment.
/// <paramref name="IdempotencyKey"/> is not part of the experiment but of its submission.</summary>
internal sealed record ExperimentOverrides(int? Shots, string? Backend, ulong? Seed, string? IdempotencyKey = null, Qxm.Domain.Experiments.CachePolicy? Cache = null)
{
    public const int DefaultShots = 1024;
    public const string DefaultBackend = "sim.statevector";
}
