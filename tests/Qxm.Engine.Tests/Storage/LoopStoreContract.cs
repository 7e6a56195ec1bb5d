using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Observables;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every store must do with optimizer loops. Each store's test class derives from this and opens a real database.</summary>
public abstract class LoopStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));

    protected abstract ILoopStore Loops { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task Create_ThenGet_KeepsTheExperimentAndSettings()
    {
        var loop = NewLoop("loop-a");

        await Loops.CreateLoopAsync(loop, default);

        var read = (await Loops.GetLoopAsync("loop-a", default))!;
        Assert.Equal(LoopState.Running, read.State);
        Assert.Equal(loop.CreatedAt, read.CreatedAt);
        Assert.Equal("dir", read.BaseDirectory);
        Assert.Equal("energy", read.Settings.Objective);
        Assert.Equal(OptimizerMethod.Spsa, read.Settings.Method);
        Assert.Equal(1234UL, read.Settings.Seed);
        Assert.Equal([new KeyValuePair<string, double>("a", 0.1), new KeyValuePair<string, double>("b", -0.2)], read.Settings.Initial);
        Assert.Equal(new PauliTerm("Z0 Z1", 0.5), Assert.Single(Assert.Single(read.Experiment.Observables).Terms));
        Assert.Null(await Loops.GetLoopAsync("loop-none", default));
    }

    [SkippableFact]
    public async Task AppendEvaluation_IsKeptInOrderOnceAndUpdatesTheBest()
    {
        await Loops.CreateLoopAsync(NewLoop("loop-b"), default);
        var first = new LoopEvaluation(0, "r-1", [0.1, -0.2], -0.5, 0.01, 2000, Clock.GetUtcNow());
        var second = first with { Index = 1, RunId = "r-2", Parameters = [0.30000000000000004, 1e-17], Value = -0.75, ObjectiveArtifact = "ab12" };

        Assert.True(await Loops.AppendEvaluationAsync("loop-b", first, -0.5, first.Parameters, default));
        Assert.True(await Loops.AppendEvaluationAsync("loop-b", second, -0.75, second.Parameters, default));
        Assert.False(await Loops.AppendEvaluationAsync("loop-b", second with { RunId = "r-again" }, -9, [9], default));

        var evaluations = await Loops.ListEvaluationsAsync("loop-b", default);
        Assert.Equal(["r-1", "r-2"], evaluations.Select(e => e.RunId));
        Assert.Equal(second.Parameters, evaluations[1].Parameters);
        Assert.Equal([null, "ab12"], evaluations.Select(e => e.ObjectiveArtifact));
        var loop = (await Loops.GetLoopAsync("loop-b", default))!;
        Assert.Equal(2, loop.Evaluations);
        Assert.Equal(-0.75, loop.BestValue);
        Assert.Equal(second.Parameters, loop.BestParameters);
    }

    [SkippableFact]
    public async Task LoopProgress_IsOnTheEventLog_InOrderWithItsRunAndData()
    {
        var events = (IEventStore)Loops;
        var before = await events.LatestEventSequenceAsync(default);
        await Loops.CreateLoopAsync(NewLoop("loop-e"), default);
        var evaluation = new LoopEvaluation(0, "r-e1", [0.25, -1.5], -0.625, 0.0125, 500, Clock.GetUtcNow());
        await Loops.AppendEvaluationAsync("loop-e", evaluation, -0.625, evaluation.Parameters, default);
        Assert.False(await Loops.AppendEvaluationAsync("loop-e", evaluation, -0.625, evaluation.Parameters, default));
        await Loops.FinishLoopAsync("loop-e", LoopState.Converged, "converged after 1 evaluation", Clock.GetUtcNow(), default);

        var logged = await events.ReadEventsAsync(before, new Events.EventFilter(null, "default", null), 100, default);

        Assert.Equal(["loop.state", "loop.evaluation", "loop.state"], logged.Select(e => e.Kind));
        Assert.Equal((null, "Running"), (logged[0].From, logged[0].To));
        Assert.Equal("r-e1", logged[1].RunId);
        using var data = System.Text.Json.JsonDocument.Parse(logged[1].Data!);
        Assert.Equal("loop-e", data.RootElement.GetProperty("loop").GetString());
        Assert.Equal(-0.625, data.RootElement.GetProperty("value").GetDouble());
        Assert.Equal([0.25, -1.5], data.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetDouble()));
        Assert.Equal(("Running", "Converged", "converged after 1 evaluation"), (logged[2].From, logged[2].To, logged[2].Reason));
    }

    [SkippableFact]
    public async Task Finish_EndsARunningLoopOnce_AndListsByState()
    {
        await Loops.CreateLoopAsync(NewLoop("loop-c"), default);
        await Loops.CreateLoopAsync(NewLoop("loop-d"), default);

        Assert.True(await Loops.FinishLoopAsync("loop-c", LoopState.Converged, "converged", Clock.GetUtcNow(), default));
        Assert.False(await Loops.FinishLoopAsync("loop-c", LoopState.Failed, "again", Clock.GetUtcNow(), default));

        Assert.Equal("converged", (await Loops.GetLoopAsync("loop-c", default))!.Reason);
        Assert.Equal(["loop-d"], (await Loops.ListLoopsAsync(LoopState.Running, 10, default)).Select(l => l.Id));
        Assert.Equal(["loop-c"], (await Loops.ListLoopsAsync(LoopState.Converged, 10, default)).Select(l => l.Id));
    }

    private LoopRecord NewLoop(string id) => new(
        id,
        "default",
        new ExperimentDefinition
        {
            Name = "loop",
            CircuitSource = "OPENQASM 3.0;",
            CircuitOrigin = "<inline>",
            Shots = 100,
            Observables = [new Observable("energy", [new PauliTerm("Z0 Z1", 0.5)])],
            Optimize = new OptimizeSettings("energy", [new("a", 0.1), new("b", -0.2)]) { Method = OptimizerMethod.Spsa, Seed = 1234 },
        },
        LoopState.Running,
        Clock.GetUtcNow(),
        Clock.GetUtcNow())
    {
        BaseDirectory = "dir",
    };
}
