using Qxm.Domain.Audit;
using Qxm.Domain.Calibration;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What the SLIs read from every store: failed backend calls and shots per finished run, and a window's
/// reservations, drift events and audited refusals.</summary>
public abstract partial class RunStoreContract
{
    [SkippableFact]
    public async Task Slis_WindowFacts_CountOnlyWhatFallsInTheWindow()
    {
        var before = Clock.GetUtcNow();
        await ((IDriftStore)Runs).RecordEventsAsync([Drift("d-old", before.AddHours(-2))], default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var since = Clock.GetUtcNow();
        await CreateQueuedAsync("r-1", shots: 250);
        var jobs = (IBackendJobs)Runs;
        await jobs.RecordAttemptAsync("r-1", new BackendAttempt(0, Clock.GetUtcNow(), "submit", "Transient", null, "503"), default);
        await jobs.RecordAttemptAsync("r-1", new BackendAttempt(0, Clock.GetUtcNow(), "submit", "RateLimited", null, "429", Local: true), default);
        await jobs.RecordAttemptAsync("r-1", new BackendAttempt(0, Clock.GetUtcNow(), "submit", "ok", "job-1", null), default);
        await Runs.TransitionAsync("r-1", RunState.Queued, RunState.Cancelled, "tester", null, default);
        Assert.True(await Reservations.TryCreateAsync(new Reservation("in", "sim", "a", since.AddMinutes(-30), since.AddMinutes(30)), default));
        Assert.True(await Reservations.TryCreateAsync(new Reservation("out", "sim", "a", since.AddHours(5), since.AddHours(6)), default));
        await ((IDriftStore)Runs).RecordEventsAsync([Drift("d-1", since.AddMinutes(1)), Drift("d-2", since.AddMinutes(2))], default);
        var audit = (IAuditTrail)Runs;
        await audit.AppendAsync(new AuditEntry("alice", "alice", "a", "access.denied", "request", "GET /x", AuditOutcome.Denied), default);
        await audit.AppendAsync(new AuditEntry("anonymous", null, null, "access.unauthenticated", "request", "GET /y", AuditOutcome.Denied), default);
        await audit.AppendAsync(new AuditEntry("alice", "alice", "a", "key.created", "key", "k1"), default);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var until = Clock.GetUtcNow();

        var finished = Assert.Single(await ((ITelemetryStore)Runs).ListFinishedAsync(since, 10, default));
        var facts = await ((ITelemetryStore)Runs).ReadWindowFactsAsync(since, until, default);

        Assert.Equal((RunState.Cancelled, 2, 250L), (finished.State, finished.FailedCalls, finished.ShotsExecuted));
        Assert.Equal(["in"], facts.Reservations.Select(r => r.Id));
        Assert.Equal(2, Assert.Single(facts.DriftEventsByBackend, p => p.Key == "sim").Value);
        Assert.Single(facts.DriftEventsByBackend);
        Assert.Equal([("", 1), ("a", 1)], facts.DeniedByTenant.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
    }

    private static DriftEvent Drift(string id, DateTimeOffset at) =>
        new(id, "sim", new string('c', 64), "q0", DriftMetric.ReadoutError, 0.01, 0.3, 11, at);
}
