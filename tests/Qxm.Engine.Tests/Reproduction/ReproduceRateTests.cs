using Qxm.Engine.Persistence;
using Qxm.Engine.Slo;

namespace Qxm.Engine.Tests.Reproduction;

public sealed class ReproduceRateTests
{
    [Fact]
    public void Compute_Reproductions_RateIsIdenticalOrConsistentOverAllCompared()
    {
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var facts = SliWindowFacts.None with
        {
            Reproductions =
            [
                new("t1", "sim.statevector", "identical"), new("t1", "sim.noisy", "consistent"),
                new("t1", "sim.noisy", "inconsistent"), new("t2", "sim.noisy", "inconclusive"),
            ],
        };

        var report = SliCalculator.Compute([], "1h", at.AddHours(-1), at, truncated: false, facts);

        Assert.Equal(0.5, report.Groups.Single(g => g.Tenant == SliCalculator.All).ReproduceRate);
    }

    [Fact]
    public void Compute_NoReproductions_RateIsNull() =>
        Assert.Null(SliCalculator.Compute([], "1h", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), truncated: false).Groups[0].ReproduceRate);
}
