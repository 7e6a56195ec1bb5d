namespace Qxm.Cli.Input;

/// <summary>What the command line sets over the file: for a bare circuit these are the experiment.</summary>
internal sealed record ExperimentOverrides(int? Shots, string? Backend, ulong? Seed)
{
    public const int DefaultShots = 1024;
    public const string DefaultBackend = "sim.statevector";
}
