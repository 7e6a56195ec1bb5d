using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Experiments;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Retention;
using Qxm.Server.Composition;
using Qxm.Server.Hosting;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Hosting;

/// <summary>The server's retention schedule runs on the host's clock: a pass at start, the next only when the clock has
/// moved on by the interval.</summary>
public sealed class RetentionServiceTests
{
    private static readonly ExperimentDefinition Refused = new()
    {
        Name = "too-wide", CircuitSource = "OPENQASM 2.0;\nqreg q[60];\n", CircuitOrigin = "<inline>", Shots = 10, Seed = 1,
    };

    [Fact]
    public async Task Schedule_PassAtStart_NextPassOnlyAfterTheIntervalOnTheHostsClock()
    {
        using var home = new TempDirectory();
        // About a tenth of a second: a Rejected run is due almost at once; the test asks when, it never sleeps on it.
        File.WriteAllText(Path.Combine(home.Path, "tenants.yaml"), "tenants:\n  - id: default\n    retention:\n      keepRejectedDays: 0.000001\n");
        var options = new EngineOptions { RetentionInterval = TimeSpan.FromMinutes(10) };
        await using var runtime = await QxmRuntime.OpenAsync(home.Path, options, default);
        var clock = new FakeTimeProvider();
        var first = await RejectAsync(runtime);
        await WaitUntilAsync(async () => (await runtime.Collector.CollectAsync(dryRun: true, default)).Lines.Count > 0, "the first Rejected run never became due");

        using var service = new RetentionService(runtime, options, clock, NullLogger<RetentionService>.Instance);
        await service.StartAsync(default);
        try
        {
            await WaitUntilAsync(async () => await runtime.Service.GetAsync(first, default) is null, "the pass at start collected nothing");
            var second = await RejectAsync(runtime);
            await WaitUntilAsync(async () => (await runtime.Collector.CollectAsync(dryRun: true, default)).Lines.Count > 0, "the second Rejected run never became due");
            Assert.NotNull(await runtime.Service.GetAsync(second, default));

            clock.Advance(options.RetentionInterval);

            await WaitUntilAsync(async () => await runtime.Service.GetAsync(second, default) is null, "the scheduled pass never ran");
            Assert.Equal(2, (await runtime.Audit.ListAsync(new Engine.Persistence.AuditQuery(Action: "retention.collected"), default)).Count);
        }
        finally
        {
            await service.StopAsync(default);
        }
    }

    private static async Task<string> RejectAsync(QxmRuntime runtime) =>
        (await runtime.Service.SubmitAsync(Refused, new SubmitOptions(), default)).RejectedRunId!;

    private static Task<bool> WaitUntilAsync(Func<Task<bool>> condition, string failure) =>
        Eventually.WaitForAsync(condition, holds => holds, failure, TimeSpan.FromSeconds(60));
}
