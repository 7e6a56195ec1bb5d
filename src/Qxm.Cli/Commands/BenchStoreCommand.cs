using System.CommandLine;
using System.Globalization;
using Qxm.Server.Benchmarking;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm bench-store --search</c>: p50 and p99 of filtered, paged run searches over a store of many runs.</summary>
internal static class BenchStoreCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runs = new Option<int>("--runs") { Description = "Synthetic runs to store first", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
        var queries = new Option<int>("--queries") { Description = "Searches timed per filter shape (each pages three deep)", DefaultValueFactory = _ => 200, HelpName = "N" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Also measure PostgreSQL, in this database (its qxm tables are dropped first)",
            HelpName = "CONNECTION",
        };
        var command = new Command("bench-store", "Measure run search: filtered, paged queries over a store of many runs (SQLite, PostgreSQL)")
        {
            runs, queries, postgres,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var count = parseResult.GetValue(runs);
            var perShape = parseResult.GetValue(queries);
            if (count is < 1 or > 100_000_000 || perShape is < 1 or > 100_000)
            {
                return context.Fail(ExitCodes.InvalidInput, "--runs must be 1 to 100000000 and --queries 1 to 100000");
            }

            var report = await SearchBenchmark.RunAsync(count, perShape, parseResult.GetValue(postgres),
                line => console.Stderr.WriteLine($"bench: {line}"), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(report);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .Title($"run search over {report.Runs.ToString("N0", CultureInfo.InvariantCulture)} runs ({report.Cores} cores)")
                .AddColumn("store").AddColumn("filter").AddColumn(new TableColumn("queries").RightAligned())
                .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
                .AddColumn(new TableColumn("max ms").RightAligned());
            foreach (var store in report.Stores)
            {
                foreach (var shape in store.Shapes.Append(new ShapeFigures("all", store.Queries, store.Latency)))
                {
                    table.AddRow(store.Store, shape.Shape, shape.Queries.ToString(CultureInfo.InvariantCulture),
                        shape.Latency.P50Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                        shape.Latency.P99Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                        shape.Latency.MaxMilliseconds.ToString("0.00", CultureInfo.InvariantCulture));
                }
            }

            console.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
