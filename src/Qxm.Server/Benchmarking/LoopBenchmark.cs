using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Qxm.Domain.Loops;
using Qxm.Client.Wire;
using Qxm.Server.Hosting;
using Qxm.Server.Json;

namespace Qxm.Server.Benchmarking;

/// <summary>Loop latency through <c>qxm serve</c>: a one-qubit SPSA loop started with <c>POST /api/v1/loops</c> and driven
/// by the server beside its workers, each evaluation's latency (result to next result, simulation excluded) taken where
/// the server's driver measures it, as <c>qxm optimize --timings</c> does embedded.</summary>
internal static class LoopBenchmark
{
    public static async Task<LatencyFigures> MeasureAsync(string scratch, int iterations, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"sqlite: an optimizer loop of {iterations:N0} iterations through the server, started over HTTP");
        LoopLatencies? latencies = null;
        return await ServiceBenchmark.WithServerAsync(scratch, "loop", null, runWorkers: true, async (client, _) =>
        {
            latencies!.Listening = true;
            using var response = await client.PostAsync("/api/v1/loops", new StringContent(Experiment(iterations), Encoding.UTF8, "application/yaml"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the loop was refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var loopId = (await response.Content.ReadFromJsonAsync<LoopTrace>(ApiJson.Options, cancellationToken))!.Loop.Id;
            while ((await client.GetFromJsonAsync<LoopTrace>($"/api/v1/loops/{loopId}", ApiJson.Options, cancellationToken))!.Loop.State == LoopState.Running)
            {
                await Task.Delay(200, cancellationToken);
            }

            return LatencyFigures.Of(latencies.Milliseconds());
        }, cancellationToken, started: services => latencies = services.GetRequiredService<LoopLatencies>());
    }

    private static string Experiment(int iterations) => string.Create(CultureInfo.InvariantCulture, $$"""
        name: loop-latency
        kind: optimize
        circuit:
          source: |
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] t;
            qubit[1] q;
            ry(t) q[0];
        shots: 100
        seed: 5
        observables: {z: Z0}
        optimize:
          objective: z
          method: spsa
          initial: {t: 0.3}
          step: 0.1
          tolerance: 0
          maxIterations: {{iterations}}
          seed: 1
        """);
}
