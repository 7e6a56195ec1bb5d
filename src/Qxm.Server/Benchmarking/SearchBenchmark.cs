using System.Diagnostics;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;
using Qxm.Storage.Postgres;
using Qxm.Storage.Relational;
using Qxm.Storage.Sqlite;

namespace Qxm.Server.Benchmarking;

/// <summary>Latency of filtered, paged run searches over a large store: fills SQLite (and PostgreSQL when given) with
/// synthetic runs inside the database, then times tenant-scoped queries of each filter shape, each followed by two
/// more pages through its cursor, as a client paging a listing would.</summary>
public static class SearchBenchmark
{
    public static async Task<SearchBenchmarkReport> RunAsync(
        int runs, int queriesPerShape, string? postgres, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var stores = new List<StoreSearchFigures>();
        var directory = Directory.CreateTempSubdirectory("qxm-bench-search-");
        try
        {
            await using (var sqlite = await SqliteStore.OpenAsync(Path.Combine(directory.FullName, "qxm.db"), TimeProvider.System, cancellationToken))
            {
                stores.Add(await MeasureAsync("sqlite", sqlite, runs, queriesPerShape, log, cancellationToken));
            }

            if (postgres is not null)
            {
                await PostgresScratch.ResetAsync(postgres, cancellationToken);
                await using var store = await PostgresStore.OpenAsync(postgres, TimeProvider.System, cancellationToken);
                stores.Add(await MeasureAsync("postgres", store, runs, queriesPerShape, log, cancellationToken));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        return new SearchBenchmarkReport(runs, Environment.ProcessorCount, stores);
    }

    private static async Task<StoreSearchFigures> MeasureAsync(
        string name, RelationalStore store, int runs, int queriesPerShape, Action<string> log, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var filling = Stopwatch.StartNew();
        await store.FillSyntheticRunsAsync(runs, start, new Progress<int>(n => log($"{name}: {n} runs stored")), cancellationToken);
        var fillSeconds = filling.Elapsed.TotalSeconds;
        log($"{name}: {runs} runs in {fillSeconds:0.0} s");

        var random = new Random(7);
        var span = TimeSpan.FromSeconds(runs);
        string Tenant() => $"bench-{random.Next(RelationalStore.SyntheticTenants)}";
        var shapes = new (string Shape, Func<RunQuery> Query)[]
        {
            ("tenant", () => new RunQuery(Tenant: Tenant())),
            ("tag", () => new RunQuery(Tenant: Tenant()) { Tag = $"t{random.Next(RelationalStore.SyntheticTags)}" }),
            ("name", () => new RunQuery(Tenant: Tenant()) { Name = $"exp-{random.Next(RelationalStore.SyntheticNames)}" }),
            ("state", () => new RunQuery(State: RunState.Failed, Tenant: Tenant())),
            ("submitter", () => new RunQuery(Tenant: Tenant()) { Submitter = $"user-{random.Next(RelationalStore.SyntheticSubmitters)}" }),
            ("date-range", () =>
            {
                var from = start + (span * random.NextDouble());
                return new RunQuery(Tenant: Tenant()) { Since = from, Until = from.AddDays(1) };
            }),
            ("tag+since+oldest", () => new RunQuery(Tenant: Tenant())
            {
                Tag = $"t{random.Next(RelationalStore.SyntheticTags)}", Since = start + (span * random.NextDouble()), Order = RunOrder.Oldest,
            }),
            ("fingerprint", () => new RunQuery { Fingerprint = $"bench-f{random.Next(RelationalStore.SyntheticFingerprints)}" }),
        };

        // Warm the caches and the connection pool, as a serving store is warm.
        foreach (var (_, query) in shapes)
        {
            for (var i = 0; i < 5; i++)
            {
                await store.ListAsync(query(), cancellationToken);
            }
        }

        var all = new List<double>();
        var perShape = new List<ShapeFigures>();
        foreach (var (shape, query) in shapes)
        {
            var times = new List<double>();
            for (var i = 0; i < queriesPerShape; i++)
            {
                var next = query();
                for (var page = 0; page < 3; page++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var found = await store.ListAsync(next, cancellationToken);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (found.Count < next.Limit)
                    {
                        break;
                    }

                    next = next with { After = RunCursor.After(found[^1]) };
                }
            }

            var figures = LatencyFigures.Of(times);
            log($"{name} {shape}: {times.Count} queries, p50 {figures.P50Milliseconds:0.00} ms, p99 {figures.P99Milliseconds:0.00} ms");
            perShape.Add(new ShapeFigures(shape, times.Count, figures));
            all.AddRange(times);
        }

        return new StoreSearchFigures(name, fillSeconds, all.Count, LatencyFigures.Of(all), perShape);
    }
}

public sealed record SearchBenchmarkReport(int Runs, int Cores, IReadOnlyList<StoreSearchFigures> Stores);

public sealed record StoreSearchFigures(string Store, double FillSeconds, int Queries, LatencyFigures Latency, IReadOnlyList<ShapeFigures> Shapes);

public sealed record ShapeFigures(string Shape, int Queries, LatencyFigures Latency);
