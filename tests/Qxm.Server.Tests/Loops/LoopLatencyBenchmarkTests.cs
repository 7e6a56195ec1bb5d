using Qxm.Server.Benchmarking;

namespace Qxm.Server.Tests.Loops;

public sealed class LoopLatencyBenchmarkTests
{
    [Fact]
    public async Task Measure_ALoopThroughTheServer_ReportsALatencyForEveryIterationAfterTheFirst()
    {
        var scratch = Directory.CreateTempSubdirectory("qxm-loop-bench-").FullName;
        try
        {
            var lines = new List<string>();
            var figures = await LoopBenchmark.MeasureAsync(scratch, 12, lines.Add, default);

            // The first evaluation has no result before it; each later one gives one latency, none negative.
            Assert.Equal(11, figures.Samples);
            Assert.InRange(figures.P50Milliseconds, 0.001, figures.MaxMilliseconds);
            Assert.Single(lines);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
