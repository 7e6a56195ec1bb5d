using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>Run search on every store: each filter, and keyset pages that cover every match once in either order,
/// creation-time ties included.</summary>
public abstract partial class RunStoreContract
{
    [SkippableFact]
    public async Task Search_EachFilter_FindsExactlyItsRuns()
    {
        var start = Clock.GetUtcNow();
        await CreateSearchRunAsync("r-s1", "alpha", "f-a", ["x", "y"], "alice");
        await CreateSearchRunAsync("r-s2", "alpha", "f-b", ["y"], "bob");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await CreateSearchRunAsync("r-s3", "beta", "f-a", [], "alice", backend: "sim.noisy");
        await CreateSearchRunAsync("r-s4", "beta", "f-c", ["x"], "bob", tenant: "other");
        await Runs.TransitionAsync("r-s3", RunState.Queued, RunState.Cancelled, "test", null, default);

        async Task<string[]> IdsAsync(RunQuery query) => [.. (await Runs.ListAsync(query, default)).Select(r => r.Id).Order(StringComparer.Ordinal)];

        Assert.Equal(["r-s1", "r-s4"], await IdsAsync(new RunQuery { Tag = "x" }));
        Assert.Equal(["r-s1"], await IdsAsync(new RunQuery(Tenant: "default") { Tag = "x" }));
        Assert.Equal(["r-s1", "r-s2"], await IdsAsync(new RunQuery { Name = "alpha" }));
        Assert.Equal(["r-s1", "r-s3"], await IdsAsync(new RunQuery { Fingerprint = "f-a" }));
        Assert.Equal(["r-s2", "r-s4"], await IdsAsync(new RunQuery { Submitter = "bob" }));
        Assert.Equal(["r-s3", "r-s4"], await IdsAsync(new RunQuery { Since = start.AddMinutes(5) }));
        Assert.Equal(["r-s1", "r-s2"], await IdsAsync(new RunQuery { Until = start.AddMinutes(5) }));
        Assert.Equal(["r-s3"], await IdsAsync(new RunQuery(State: RunState.Cancelled, Backend: "sim.noisy")));
        Assert.Equal(["r-s2"], await IdsAsync(new RunQuery(Tenant: "default") { Tag = "y", Submitter = "bob", Name = "alpha" }));
        Assert.Empty(await IdsAsync(new RunQuery { Tag = "nope" }));
        var versions = (IExperimentVersions)Runs;
        Assert.Equal(["f-b", "f-a"], (await versions.ListVersionsAsync("alpha", "default", 10, default)).Select(v => v.Fingerprint));
        Assert.Equal(["f-c"], (await versions.ListVersionsAsync("beta", null, 10, default)).Select(v => v.Fingerprint));
        Assert.Empty(await versions.ListVersionsAsync("beta", "default", 10, default));
    }

    [SkippableTheory]
    [InlineData(RunOrder.Newest)]
    [InlineData(RunOrder.Oldest)]
    public async Task Search_Pages_CoverEveryMatchOnceInOrder(RunOrder order)
    {
        for (var i = 0; i < 23; i++)
        {
            // Three runs share each millisecond: the id breaks the tie and the cursor must carry it.
            await CreateSearchRunAsync($"r-p{i:D2}", "paged", "f-p", i % 2 == 0 ? ["even"] : ["odd"], "alice", advance: i % 3 == 2);
        }

        foreach (var tag in new string?[] { null, "even" })
        {
            var seen = new List<Run>();
            RunCursor? cursor = null;
            for (var page = 0; page < 20; page++)
            {
                var runs = await Runs.ListAsync(new RunQuery(Limit: 5) { Name = "paged", Tag = tag, Order = order, After = cursor }, default);
                seen.AddRange(runs);
                if (runs.Count < 5)
                {
                    break;
                }

                cursor = RunCursor.Decode(RunCursor.After(runs[^1]).Encode());
            }

            var expected = Enumerable.Range(0, 23).Where(i => tag is null || i % 2 == 0).Select(i => $"r-p{i:D2}").ToList();
            if (order == RunOrder.Newest)
            {
                expected.Reverse();
            }

            Assert.Equal(expected, seen.Select(r => r.Id));
        }
    }

    [Fact]
    public void Cursor_Tampered_IsNotDecoded()
    {
        var cursor = new RunCursor(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "r-x");
        Assert.Equal(cursor, RunCursor.Decode(cursor.Encode()));
        Assert.Null(RunCursor.Decode("not a cursor"));
        Assert.Null(RunCursor.Decode(cursor.Encode()[..^2]));
        Assert.Null(RunCursor.Decode(""));
    }

    private async Task CreateSearchRunAsync(
        string id, string name, string fingerprint, string[] tags, string submitter, string tenant = "default", string backend = "sim.statevector", bool advance = true)
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id, Name = name, Fingerprint = fingerprint, Backend = backend, Shots = 10, SweepPoints = 1, State = RunState.Queued,
            CreatedAt = now, UpdatedAt = now, Tags = tags, Tenant = tenant,
        };
        var outcome = await Runs.CreateAsync(new NewRun(run, new ExperimentVersion(fingerprint, name, "{}", new string('b', 64), now),
        [
            new(RunState.Submitted, RunState.Validated, now, submitter, null),
            new(RunState.Validated, RunState.Queued, now, submitter, null),
        ]), AdmissionLimits.None, default);
        Assert.Equal(CreateStatus.Created, outcome.Status);
        if (advance)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
