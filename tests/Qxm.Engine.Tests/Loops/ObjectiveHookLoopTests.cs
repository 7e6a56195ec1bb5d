using System.Text.Json;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Engine.Experiments;
using Qxm.Engine.Hooks;
using Qxm.Engine.Loops;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Loops;

/// <summary>Loops whose objective is the experiment's post hook, run as a real process (the example's python3 script).</summary>
public sealed class ObjectiveHookLoopTests
{
    /// <summary>The example's graph, as the test reads it: the cost is computed here independently of the hook.</summary>
    private static readonly (int A, int B)[] Edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 0), (0, 4), (1, 5), (2, 6), (3, 7)];

    [Fact]
    public async Task Drive_PostHookObjective_EachEvaluationIsTheHooksAnswerKeptWithItsProvenance()
    {
        await using var fx = await EngineFixture.StartAsync();

        var loop = await DriveAsync(fx, Experiment(["python3", "maxcut_cvar.py", "1"], maxIterations: 4));

        Assert.Equal(LoopState.Stopped, loop.State);
        var evaluations = await fx.Store.ListEvaluationsAsync(loop.Id, default);
        Assert.Equal(4, evaluations.Count);
        foreach (var evaluation in evaluations)
        {
            // CVaR at 1 is the expected cut: the mean over the run's own counts.
            var counts = (await fx.Service.GetResultAsync(evaluation.RunId, default))!.Points[0].Counts;
            var expected = counts.Sum(c => Cut(c.Key) * (double)c.Value) / counts.Values.Sum();
            Assert.Equal(expected, evaluation.Value, 9);
            Assert.True(evaluation.StandardError > 0);

            using var record = JsonDocument.Parse((await fx.Artifacts.GetAsync(evaluation.ObjectiveArtifact!, default))!);
            var root = record.RootElement;
            Assert.Equal("objective", root.GetProperty("phase").GetString());
            Assert.Equal(evaluation.RunId, root.GetProperty("runId").GetString());
            Assert.Equal(evaluation.Index, root.GetProperty("index").GetInt32());
            Assert.Equal("python3 maxcut_cvar.py 1", root.GetProperty("hook").GetString());
            using var output = JsonDocument.Parse((await fx.Artifacts.GetAsync(root.GetProperty("outputArtifact").GetString()!, default))!);
            Assert.Equal(evaluation.Value, output.RootElement.GetProperty("value").GetDouble());
            using var input = JsonDocument.Parse((await fx.Artifacts.GetAsync(root.GetProperty("inputArtifact").GetString()!, default))!);
            Assert.Equal(counts.Count, input.RootElement.GetProperty("counts").EnumerateObject().Count());
            Assert.Equal(evaluation.Parameters[0], input.RootElement.GetProperty("parameters").GetProperty("g1").GetDouble());
        }
    }

    [Theory]
    [InlineData(new[] { "python3", "-c", "import sys; sys.exit(3)" }, 30, "objective hook failed: hooks.post (python3 -c 'import sys; sys.exit(3)') exited with 3")]
    [InlineData(new[] { "python3", "-c", "import time; time.sleep(60)" }, 0.5, "objective hook timed-out: ")]
    [InlineData(new[] { "echo", "{\"cost\": 3}" }, 30, "objective hook bad-answer: hooks.post (echo '{\"cost\": 3}') answered no finite number as 'value'")]
    [InlineData(new[] { "echo", "{\"value\": 3, \"standardError\": -1}" }, 30, "objective hook bad-answer: ")]
    [InlineData(new[] { "echo", "cost 3" }, 30, "objective hook not-json: ")]
    [InlineData(new[] { "/no/such/hook" }, 30, "objective hook could-not-start: ")]
    public async Task Drive_HookThatGivesNoValue_FailsTheLoopWithAClassifiedReason(string[] command, double timeoutSeconds, string reason)
    {
        await using var fx = await EngineFixture.StartAsync();

        var loop = await DriveAsync(fx, Experiment(command, maxIterations: 4, timeoutSeconds));

        Assert.Equal(LoopState.Failed, loop.State);
        Assert.StartsWith(reason, loop.Reason, StringComparison.Ordinal);
        Assert.Matches(@"\(evaluation 0, run r-[0-9a-f]+\)$", loop.Reason);
        Assert.Equal(0, loop.Evaluations);
    }

    [Fact]
    public async Task Drive_WhereNoHookMayRun_FailsTheLoopAtItsFirstEvaluation()
    {
        await using var fx = await EngineFixture.StartAsync();
        var driver = new LoopDriver(fx.Service, fx.Store, (id, ct) => fx.RunToEndAsync(id, ct), TimeProvider.System)
        {
            ObjectiveHook = new ObjectiveHook(new HookRunner(), fx.Artifacts, HookAllowlist.None, TimeProvider.System),
        };
        var created = await driver.CreateAsync(Experiment(["python3", "maxcut_cvar.py"], maxIterations: 4), "default", EngineFixture.ExamplesDirectory, default);

        var loop = await driver.DriveAsync(created.Id, default);

        Assert.Equal(LoopState.Failed, loop.State);
        Assert.StartsWith("objective hook not-allowed: hooks.post this server runs no hooks", loop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drive_ByADriverWithoutHooks_FailsTheLoopNotAllowedAsAnAllowlistWould()
    {
        await using var fx = await EngineFixture.StartAsync();
        var driver = new LoopDriver(fx.Service, fx.Store, (id, ct) => fx.RunToEndAsync(id, ct), TimeProvider.System);
        var created = await driver.CreateAsync(Experiment(["python3", "maxcut_cvar.py"], maxIterations: 4), "default", EngineFixture.ExamplesDirectory, default);

        var loop = await driver.DriveAsync(created.Id, default);

        Assert.Equal(LoopState.Failed, loop.State);
        Assert.StartsWith("objective hook not-allowed: hooks.post is the objective, but this process runs no hooks", loop.Reason, StringComparison.Ordinal);
        Assert.Matches(@"\(evaluation 0, run r-[0-9a-f]+\)$", loop.Reason);
    }

    [Fact]
    public async Task Drive_Resumed_NeverAsksTheHookAgainForAStoredEvaluation()
    {
        await using var fx = await EngineFixture.StartAsync();
        var log = Path.Combine(fx.Home, "hook-calls.log");
        var experiment = Experiment(["python3", "maxcut_cvar.py", "0.5", "--log", log], maxIterations: 10);
        using var stop = new CancellationTokenSource();
        var driver = Driver(fx, (_, e) =>
        {
            if (e.Index == 3)
            {
                stop.Cancel();
            }
        });
        var created = await driver.CreateAsync(experiment, "default", EngineFixture.ExamplesDirectory, default);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => driver.DriveAsync(created.Id, stop.Token));
        var storedBeforeResume = (await fx.Store.GetLoopAsync(created.Id, default))!.Evaluations;

        var loop = await Driver(fx).DriveAsync(created.Id, default);

        Assert.Equal(LoopState.Stopped, loop.State);
        Assert.Equal(10, loop.Evaluations);
        var calls = (await File.ReadAllLinesAsync(log)).Select(int.Parse).ToList();
        // Each index is asked at least once; those stored before the resume exactly once (the one in flight when the
        // loop stopped may be asked twice: its value was never stored).
        Assert.Equal(Enumerable.Range(0, 10), calls.Distinct().Order());
        Assert.All(Enumerable.Range(0, storedBeforeResume), i => Assert.Single(calls, i));
        Assert.InRange(calls.Count, 10, 11);
    }

    [Fact]
    public void Load_HookObjectiveWithoutAPostHook_IsAnErrorAtTheObjective()
    {
        var loaded = ExperimentLoader.LoadText(
            "name: x\nkind: optimize\ncircuit:\n  source: \"OPENQASM 3.0; input float[64] t; qubit[1] q; rx(t) q[0];\"\nshots: 10\noptimize:\n  objective: hooks.post\n  initial: {t: 0}\n",
            ExperimentFormat.Yaml, "x.yaml", null);

        var error = Assert.Single(loaded.Diagnostics, d => d.IsError);
        Assert.Contains("has no hooks.post", error.Message, StringComparison.Ordinal);
        Assert.Equal((7, 14), (error.Line, error.Column));
    }

    private static int Cut(string key) => Edges.Count(e => key[^(e.A + 1)] != key[^(e.B + 1)]);

    private static ExperimentDefinition Experiment(string[] command, int maxIterations, double timeoutSeconds = 30)
    {
        var example = EngineFixture.LoadExample("qaoa-maxcut-cvar.yaml");
        return example with
        {
            Shots = 200,
            Hooks = new ExperimentHooks(null, new Hook(command, null, timeoutSeconds)),
            Optimize = example.Optimize! with { MaxIterations = maxIterations },
        };
    }

    private static async Task<LoopRecord> DriveAsync(EngineFixture fx, ExperimentDefinition experiment)
    {
        var driver = Driver(fx);
        var loop = await driver.CreateAsync(experiment, "default", EngineFixture.ExamplesDirectory, default);
        return await driver.DriveAsync(loop.Id, default);
    }

    private static LoopDriver Driver(EngineFixture fx, Action<LoopRecord, LoopEvaluation>? progress = null) =>
        new(fx.Service, fx.Store, (id, ct) => fx.RunToEndAsync(id, ct), TimeProvider.System)
        {
            Progress = progress,
            ObjectiveHook = new ObjectiveHook(new HookRunner(), fx.Artifacts, HookAllowlist.Any, TimeProvider.System),
        };
}
