using Qxm.Domain.Tenancy;
using Qxm.Engine.Scheduling;

namespace Qxm.Engine.Tests.Scheduling;

public sealed class SchedulingPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, double> EqualWeights = new Dictionary<string, double>();
    private readonly SchedulingPolicy _policy = new(new SchedulingOptions { AgingInterval = TimeSpan.FromMinutes(5), UsageHalfLife = TimeSpan.FromHours(1) });
    private long _sequence;

    [Fact]
    public void Decide_Priorities_HighThenNormalThenLow()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("low", "a", PriorityClass.Low, T0));
        queue.Add(Run("normal", "a", PriorityClass.Normal, T0));
        queue.Add(Run("high", "a", PriorityClass.High, T0));

        Assert.Equal(["high", "normal", "low"], Drain(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [], T0, 3));
    }

    [Fact]
    public void Decide_SameTenantAndClass_SubmissionOrder()
    {
        var queue = new ReadyRuns();
        foreach (var id in (string[])["r1", "r2", "r3"])
        {
            queue.Add(Run(id, "a", PriorityClass.Normal, T0));
        }

        Assert.Equal(["r1", "r2", "r3"], Drain(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [], T0, 3));
    }

    [Fact]
    public void Decide_LowRunWaitedTwoIntervals_CompetesAsHighAndWinsOnAge()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("old-low", "a", PriorityClass.Low, T0));
        queue.Add(Run("new-high", "a", PriorityClass.High, T0.AddMinutes(10)));

        var before = _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [], T0.AddMinutes(9));
        var after = _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [], T0.AddMinutes(10));

        Assert.Equal("new-high", before.Run?.RunId);
        Assert.Equal("old-low", after.Run?.RunId);
        Assert.Contains("aged from low", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_StreamOfHighRuns_LowRunStillDispatchedWithinTwoAgingIntervals()
    {
        var queue = new ReadyRuns();
        var usage = new UsageLedger(TimeSpan.FromHours(1));
        queue.Add(Run("starving", "b", PriorityClass.Low, T0));
        var now = T0;
        string? dispatchedAt = null;
        for (var i = 0; i < 2000 && dispatchedAt is null; i++)
        {
            // A high-priority run arrives every 10 s and each run takes 10 s: the queue is never without high work.
            queue.Add(Run($"h{i}", "a", PriorityClass.High, now));
            var decision = _policy.Decide(queue, usage, EqualWeights, [], now);
            SchedulingPolicy.Dispatch(queue, usage, decision.Run!.Value, now);
            if (decision.Run.Value.RunId == "starving")
            {
                dispatchedAt = now.ToString("u");
                Assert.True(now - T0 <= TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10), $"dispatched after {now - T0}");
            }

            now += TimeSpan.FromSeconds(10);
        }

        Assert.NotNull(dispatchedAt);
    }

    [Theory]
    [InlineData(new double[] { 1, 1, 2, 4, 8 })]
    [InlineData(new double[] { 1, 2, 4 })]
    [InlineData(new double[] { 3, 1 })]
    public void Decide_BackloggedTenants_DispatchSharesConvergeToWeights(double[] weightList)
    {
        var tenants = weightList.Select((_, i) => $"t{i}").ToArray();
        var weights = tenants.Select((t, i) => (t, weightList[i])).ToDictionary(p => p.t, p => p.Item2);
        var queue = new ReadyRuns();
        foreach (var tenant in tenants)
        {
            for (var i = 0; i < 3000; i++)
            {
                queue.Add(Run($"{tenant}-{i}", tenant, PriorityClass.Normal, T0));
            }
        }

        var usage = new UsageLedger(TimeSpan.FromHours(1));
        var dispatched = tenants.ToDictionary(t => t, _ => 0);
        var now = T0;
        const int Total = 2000;
        for (var i = 0; i < Total; i++)
        {
            var run = _policy.Decide(queue, usage, weights, [], now).Run!.Value;
            SchedulingPolicy.Dispatch(queue, usage, run, now);
            dispatched[run.Tenant]++;
            now += TimeSpan.FromSeconds(1);
        }

        var totalWeight = weightList.Sum();
        foreach (var tenant in tenants)
        {
            var share = dispatched[tenant] / (double)Total;
            var expected = weights[tenant] / totalWeight;
            Assert.True(Math.Abs(share - expected) < 0.01, $"{tenant}: share {share:0.000}, weight share {expected:0.000}");
        }
    }

    [Fact]
    public void Decide_TenantWithLittleRecentUse_GoesFirst()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("heavy-run", "heavy", PriorityClass.Normal, T0));
        queue.Add(Run("light-run", "light", PriorityClass.Normal, T0));
        var usage = new UsageLedger(TimeSpan.FromHours(1));
        usage.Record("heavy", 100, T0);
        usage.Record("light", 10, T0);

        var decision = _policy.Decide(queue, usage, EqualWeights, [], T0);

        Assert.Equal("light-run", decision.Run?.RunId);
        Assert.Contains("fair share", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_DecaysByHalfPerHalfLife()
    {
        var usage = new UsageLedger(TimeSpan.FromHours(1));
        usage.Record("a", 100, T0);

        Assert.Equal(50, usage.Usage("a", T0.AddHours(1)), 9);
        Assert.Equal(25, usage.Usage("a", T0.AddHours(2)), 9);
        Assert.Equal(0, usage.Usage("b", T0));
    }

    [Fact]
    public void Decide_ActiveReservation_OnlyHolderDispatches()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("other-high", "other", PriorityClass.High, T0));
        queue.Add(Run("holder-low", "holder", PriorityClass.Low, T0));
        Reservation[] reservations = [new("res-1", "sim", "holder", T0, T0.AddHours(1))];

        var during = _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, reservations, T0.AddMinutes(1));
        var afterward = _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, reservations, T0.AddHours(1));

        Assert.Equal("holder-low", during.Run?.RunId);
        Assert.Contains("reservation res-1", during.Reason, StringComparison.Ordinal);
        Assert.Equal("other-high", afterward.Run?.RunId);
    }

    [Fact]
    public void Decide_ReservationHolderHasNothingQueued_NothingDispatches()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("other", "other", PriorityClass.High, T0));

        var decision = _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [new("res-1", "sim", "holder", T0, T0.AddHours(1))], T0);

        Assert.Null(decision.Run);
        Assert.Contains("reserved for tenant 'holder'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RemovedRun_IsSkipped()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("r1", "a", PriorityClass.Normal, T0));
        queue.Add(Run("r2", "a", PriorityClass.Normal, T0));

        Assert.True(queue.Remove("r1"));
        Assert.False(queue.Remove("r1"));

        Assert.Equal("r2", _policy.Decide(queue, new UsageLedger(TimeSpan.FromHours(1)), EqualWeights, [], T0).Run?.RunId);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Explain_GivesFullOrderWithoutChangingTheQueue()
    {
        var queue = new ReadyRuns();
        queue.Add(Run("a1", "a", PriorityClass.Normal, T0));
        queue.Add(Run("a2", "a", PriorityClass.Normal, T0));
        queue.Add(Run("b1", "b", PriorityClass.Normal, T0));
        queue.Add(Run("c1", "c", PriorityClass.High, T0));
        var usage = new UsageLedger(TimeSpan.FromHours(1));

        var order = _policy.Explain(queue, usage, EqualWeights, [new("res", "sim", "b", T0, T0.AddSeconds(5))], T0);

        Assert.Equal(["b1", "c1", "a1", "a2"], order.Select(d => d.Run!.Value.RunId));
        Assert.Equal(4, queue.Count);
        Assert.Equal(0, usage.Usage("a", T0));
    }

    [Fact]
    public void Reservation_Overlaps_SameBackendOnly()
    {
        var a = new Reservation("a", "sim", "t", T0, T0.AddHours(1));

        Assert.True(a.Overlaps(a with { Id = "b", Start = T0.AddMinutes(59), End = T0.AddHours(2) }));
        Assert.False(a.Overlaps(a with { Id = "c", Start = T0.AddHours(1), End = T0.AddHours(2) }));
        Assert.False(a.Overlaps(a with { Id = "d", Backend = "other" }));
    }

    private static List<string> Drain(ReadyRuns queue, UsageLedger usage, IReadOnlyDictionary<string, double> weights, IReadOnlyList<Reservation> reservations, DateTimeOffset now, int count)
    {
        var policy = new SchedulingPolicy(new SchedulingOptions());
        var order = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var run = policy.Decide(queue, usage, weights, reservations, now).Run!.Value;
            SchedulingPolicy.Dispatch(queue, usage, run, now);
            order.Add(run.RunId);
        }

        return order;
    }

    private QueuedRunInfo Run(string id, string tenant, PriorityClass priority, DateTimeOffset at) => new(id, tenant, priority, at, ++_sequence, 1);
}
