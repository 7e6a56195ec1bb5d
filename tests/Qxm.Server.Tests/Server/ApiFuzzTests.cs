using Qxm.Server.Fuzzing;
using Qxm.Server.Tests.Support;
using Xunit.Abstractions;

namespace Qxm.Server.Tests.Server;

/// <summary>The short fuzz run CI does on every build (the long one is <c>qxm fuzz-api</c>, docs/limits.md).</summary>
public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FuzzApi_ShortRun_No5xxNoHangs()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o with { Limits = o.Limits with { RequestsPerSecond = 0 } });

        var report = await ApiFuzzer.RunAsync(
            new ApiFuzzOptions(server.Url, Requests: 2_000, Seed: 5, Concurrency: 4, MaxDuration: TimeSpan.FromMinutes(5)),
            output.WriteLine,
            CancellationToken.None);

        output.WriteLine($"{report.Sent} requests in {report.Seconds:0.0} s; statuses {string.Join(", ", report.ByStatus.Select(p => $"{p.Key}: {p.Value}"))}");
        Assert.True(report.Passed, string.Join("\n", report.Findings));
        Assert.Equal(2_000, report.Sent);
        Assert.Equal(0, report.ServerErrors);
        Assert.Contains(report.ByStatus.Keys, s => s is 202);
        Assert.Contains(report.ByStatus.Keys, s => s is 400);
    }

    [Fact]
    public void Options_NonLoopbackServer_Refused()
    {
        var options = new ApiFuzzOptions(new Uri("http://192.0.2.1:5080"), 10, 1);

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
