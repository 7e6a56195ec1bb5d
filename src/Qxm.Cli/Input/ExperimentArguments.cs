using System.CommandLine;

namespace Qxm.Cli.Input;

/// <summary>The FILE argument and the options that complete or override it, shared by <c>run</c> and <c>submit</c>.</summary>
internal sealed class ExperimentArguments
{
    public Argument<string> File { get; } = new("FILE")
    {
        Description = "An experiment (.yaml, .yml, .json) or an OpenQASM circuit (.qasm)",
    };

    public Option<int?> Shots { get; } = new("--shots")
    {
        Description = $"Shots per sweep point (a .qasm circuit's default: {ExperimentOverrides.DefaultShots}; overrides the experiment's)",
        HelpName = "N",
    };

    public Option<string?> Backend { get; } = new("--backend")
    {
        Description = $"Backend to run on (a .qasm circuit's default: {ExperimentOverrides.DefaultBackend}; overrides the experiment's)",
        HelpName = "ID",
    };

    public Option<ulong?> Seed { get; } = new("--seed")
    {
        Description = "Simulator seed, for reproducible counts (overrides the experiment's)",
        HelpName = "N",
    };

    public Option<string?> IdempotencyKey { get; } = new("--idempotency-key")
    {
        Description = "A key for this submission: submitting again with the same key returns the same run instead of a new one",
        HelpName = "KEY",
    };

    public Option<string?> Cache { get; } = new Option<string?>("--cache")
    {
        Description = "Answer from an identical earlier run's result when there is one: allow (simulators, seeded), allow-hardware (hardware too)",
        HelpName = "allow|allow-hardware",
    }.AcceptOnlyFromAmong("allow", "allow-hardware");

    public void AddTo(Command command)
    {
        command.Add(Cache);
        command.Add(IdempotencyKey);
        command.Add(File);
        command.Add(Shots);
        command.Add(Backend);
        command.Add(Seed);
    }

    public (string Path, ExperimentOverrides Overrides) Read(ParseResult parseResult) =>
        (parseResult.GetRequiredValue(File),
            new ExperimentOverrides(parseResult.GetValue(Shots), parseResult.GetValue(Backend), parseResult.GetValue(Seed), parseResult.GetValue(IdempotencyKey),
                Qxm.Engine.Experiments.ExperimentNames.Parse<Qxm.Domain.Experiments.CachePolicy>(parseResult.GetValue(Cache))));
}
