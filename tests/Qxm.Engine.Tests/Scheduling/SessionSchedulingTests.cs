using Qxm.Domain.Tenancy;
using Qxm.Engine.Scheduling;

namespace Qxm.Engine.Tests.Scheduling;

public sealed class SessionSchedulingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
    private readonly SchedulingPolicy _policy = new(new SchedulingOptions());

    [Fact]
    public void Decide_ActiveSession_HolderGoesAheadOfEarlierAndHigherRuns()
    {
        var queue = Queue(("other-high", "other", PriorityClass.High), ("holder-low", "holder", PriorityClass.Low));
        var session = new Session("s-1", "holder", "sim", T0, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(2));

        var decision = _policy.Decide(queue, Ledger(), Weights, [], T0.AddMinutes(1), [session.AsWindow(T0.AddMinutes(1))]);

        Assert.Equal("holder-low", decision.Run?.RunId);
        Assert.Contains("holds session s-1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SessionHolderWithNothingQueued_HoldsTheBackendUntilIdle()
    {
        var queue = Queue(("other", "other", PriorityClass.High));
        var session = new Session("s-1", "holder", "sim", T0, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(2));

        var held = _policy.Decide(queue, Ledger(), Weights, [], T0.AddMinutes(1), [session.AsWindow(T0.AddMinutes(1))]);
        var idle = _policy.Decide(queue, Ledger(), Weights, [], T0.AddMinutes(2), [session.AsWindow(T0.AddMinutes(2))]);

        Assert.Null(held.Run);
        Assert.Contains("held by session s-1 of tenant 'holder'", held.Reason, StringComparison.Ordinal);
        Assert.Equal("other", idle.Run?.RunId);
    }

    [Fact]
    public void Decide_AnotherTenantsReservation_OverridesTheSession()
    {
        var queue = Queue(("holder", "holder", PriorityClass.High), ("reserver", "reserver", PriorityClass.Low));
        var session = new Session("s-1", "holder", "sim", T0, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));
        Reservation[] reservations = [new("res-1", "sim", "reserver", T0.AddMinutes(5), T0.AddMinutes(10))];

        var before = _policy.Decide(queue, Ledger(), Weights, reservations, T0.AddMinutes(4), [session.AsWindow(T0.AddMinutes(4))]);
        var during = _policy.Decide(queue, Ledger(), Weights, reservations, T0.AddMinutes(6), [session.AsWindow(T0.AddMinutes(6))]);

        Assert.Equal("holder", before.Run?.RunId);
        Assert.Equal("reserver", during.Run?.RunId);
    }

    [Fact]
    public void Session_Limits_EndAtMaximumIdleOrClose()
    {
        var session = new Session("s-1", "t", "sim", T0, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2));

        Assert.True(session.IsActiveAt(T0.AddSeconds(119)));
        Assert.Equal("idle", session.EndReason(T0.AddMinutes(2)));
        var busy = session with { LastActivityAt = T0.AddMinutes(9) };
        Assert.True(busy.IsActiveAt(T0.AddMinutes(9.9)));
        Assert.Equal("maximum duration reached", busy.EndReason(T0.AddMinutes(10)));
        Assert.Equal(T0.AddMinutes(10), busy.EndedAt(T0.AddHours(1)));
        var closed = session with { ClosedAt = T0.AddMinutes(1) };
        Assert.Equal("closed", closed.EndReason(T0.AddMinutes(1)));
        Assert.False(closed.IsActiveAt(T0.AddMinutes(1)));
    }

    private static readonly IReadOnlyDictionary<string, double> Weights = new Dictionary<string, double>();

    private static UsageLedger Ledger() => new(TimeSpan.FromHours(1));

    private static ReadyRuns Queue(params (string Id, string Tenant, PriorityClass Priority)[] runs)
    {
        var queue = new ReadyRuns();
        var sequence = 0;
        foreach (var (id, tenant, priority) in runs)
        {
            queue.Add(new QueuedRunInfo(id, tenant, priority, T0, ++sequence, 100));
        }

        return queue;
    }
}
