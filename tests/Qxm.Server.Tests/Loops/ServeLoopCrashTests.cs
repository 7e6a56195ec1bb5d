using System.Net;
using System.Net.Http.Json;
using System.Text;
using Qxm.Client.Wire;
using Qxm.Domain.Loops;
using Qxm.Engine.Loops;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Loops;

/// <summary>A loop driven by <c>qxm serve</c> survives a SIGKILL of the server: the next start takes it up by replaying its
/// stored evaluations and reaches the uninterrupted loop's answer, value for value.</summary>
public sealed class ServeLoopCrashTests
{
    /// <summary>SPSA on shot-based estimates: every value depends on its seeded run and every step on the values before
    /// it, so a lost, repeated or reordered evaluation after the crash would show in the trace.</summary>
    private const string Loop = """
        name: serve-crash-loop
        kind: optimize
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] t;
            input float[64] u;
            qubit[2] q;
            ry(t) q[0];
            ry(u) q[1];
            cx q[0], q[1];
        shots: 200
        seed: 17
        observables: {e: "Z0*Z1 + 0.5*X0"}
        optimize:
          objective: e
          method: spsa
          initial: {t: 0.4, u: 0.2}
          step: 0.3
          maxIterations: 30
          seed: 5
        """;

    private const int KilledAfter = 12;

    [Fact]
    public async Task Serve_KilledMidLoop_TakesTheLoopUpAfterRestartAndReachesTheUninterruptedAnswer()
    {
        using var straightHome = new TempDirectory();
        using var crashedHome = new TempDirectory();
        var keys = await Task.WhenAll(ServeProcess.CreateAdminKeyAsync(straightHome.Path), ServeProcess.CreateAdminKeyAsync(crashedHome.Path));

        // Both loops run side by side; the one to be killed holds once evaluation 12 is stored, where the kill lands.
        var straight = UninterruptedAsync(straightHome.Path, keys[0]);
        string loopId;
        using (var doomed = await ServeProcess.StartAsync(crashedHome.Path, "Warning",
            new Dictionary<string, string> { [LoopDriver.HoldAfterEvaluationSetting] = KilledAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        using (var client = doomed.ClientWith(keys[1]))
        {
            loopId = (await StartAsync(client)).Loop.Id;
            var held = await Eventually.WaitForAsync(() => TraceAsync(client, loopId), t => t.Evaluations.Count > KilledAfter,
                $"loop {loopId} to store evaluation {KilledAfter}", TimeSpan.FromSeconds(120));
            await doomed.KillAsync();
            Assert.Equal(LoopState.Running, held.Loop.State);
            Assert.Equal(KilledAfter + 1, held.Evaluations.Count);
        }

        LoopTrace resumed;
        using (var restarted = await ServeProcess.StartAsync(crashedHome.Path))
        using (var client = restarted.ClientWith(keys[1]))
        {
            resumed = await EndedAsync(client, loopId);
        }

        var expected = await straight;
        Assert.Equal(LoopState.Stopped, expected.Loop.State);
        Assert.Equal(30, expected.Evaluations.Count);
        Assert.Equal(Steps(expected), Steps(resumed));
        Assert.Equal(expected.Loop.State, resumed.Loop.State);
        Assert.Equal(expected.Loop.BestParameters, resumed.Loop.BestParameters);
        Assert.Equal(expected.Loop.BestValue, resumed.Loop.BestValue);
        // One run per evaluation: the run in flight at the kill was found again by its key, not submitted twice.
        Assert.Equal(30, resumed.Evaluations.Select(e => e.RunId).Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<LoopTrace> UninterruptedAsync(string home, string key)
    {
        using var serve = await ServeProcess.StartAsync(home);
        using var client = serve.ClientWith(key);
        return await EndedAsync(client, (await StartAsync(client)).Loop.Id);
    }

    private static async Task<LoopTrace> StartAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/v1/loops", new StringContent(Loop, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LoopTrace>(ApiJson.Options))!;
    }

    private static async Task<LoopTrace> TraceAsync(HttpClient client, string loopId) =>
        (await client.GetFromJsonAsync<LoopTrace>($"/api/v1/loops/{loopId}", ApiJson.Options))!;

    private static Task<LoopTrace> EndedAsync(HttpClient client, string loopId) =>
        Eventually.WaitForAsync(() => TraceAsync(client, loopId), t => t.Loop.State != LoopState.Running, $"loop {loopId} to end", TimeSpan.FromSeconds(180));

    private static List<string> Steps(LoopTrace trace) =>
        [.. trace.Evaluations.Select(e => FormattableString.Invariant($"{e.Index} {string.Join(",", e.Parameters.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))} {e.Value:R} {e.StandardError:R}"))];
}
