using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Domain.Runs;
using Qxm.Engine.Reproduction;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm reproduce RUN [--backend B] [--shots N]</c>: reruns a run's experiment version, waits for it and compares
/// the two. Exits 0 when the rerun is identical, consistent or inconclusive, 1 when it is inconsistent or did not succeed.</summary>
internal static class ReproduceCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var runId = new Argument<string>("RUN") { Description = "A succeeded run's id" };
        var backend = new Option<string?>("--backend") { Description = "Rerun on this backend instead of the original's", HelpName = "ID" };
        var shots = new Option<int?>("--shots") { Description = "Rerun with this many shots instead of the original's", HelpName = "N" };
        var command = new Command("reproduce", "Rerun a run's experiment version and compare the results (verdict and calibration difference)")
        {
            runId, backend, shots,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var id = parseResult.GetValue(runId)!;
            if (parseResult.GetValue(shots) is < 1)
            {
                return context.Fail(ExitCodes.InvalidInput, "--shots must be 1 or more");
            }

            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.Reproduce.ReproduceAsync(id, parseResult.GetValue(backend), parseResult.GetValue(shots), cancellationToken);
            switch (outcome.Status)
            {
                case ReproduceStatus.NotFound:
                    return context.Fail(ExitCodes.NotFound, $"no run with id '{id}'");
                case ReproduceStatus.NotSucceeded:
                    return context.Fail(ExitCodes.InvalidInput, $"run '{id}' has not succeeded: there is no result to reproduce");
                case ReproduceStatus.Refused:
                    return context.Fail(ExitCodes.InvalidInput, $"the rerun was refused: {(outcome.Diagnostics is { Count: > 0 } diagnostics ? diagnostics[0].ToString() : "no reason given")}");
            }

            var rerun = outcome.Rerun!;
            context.Say($"rerun {rerun.Id} queued");
            var finished = await connection.WaitAsync(rerun.Id, _ => { }, cancellationToken);
            if (finished.State != RunState.Succeeded)
            {
                return context.Fail(ExitCodes.Failure, $"rerun {rerun.Id} ended {finished.State.ToString().ToLowerInvariant()}: {finished.Error}");
            }

            var compared = await connection.Reproduce.CompareAsync(rerun.Id, cancellationToken);
            if (compared.Comparison is not { } comparison)
            {
                return context.Fail(ExitCodes.Failure, $"rerun {rerun.Id} could not be compared ({compared.Status})");
            }

            if (context.IsJson)
            {
                context.WriteJson(comparison);
            }
            else
            {
                Write(console.Out, comparison);
            }

            return comparison.Verdict == ReproduceVerdict.Inconsistent ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, RunComparison comparison)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{comparison.Verdict.ToString().ToLowerInvariant()}: rerun {comparison.RerunId} of {comparison.OriginalRunId} (alpha {comparison.Alpha}, tolerance {comparison.Tolerance})"));
        if (comparison.Verdict != ReproduceVerdict.Identical)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("point").RightAligned()).AddColumn(new TableColumn("tvd").RightAligned())
                .AddColumn(new TableColumn("tvd bound").RightAligned()).AddColumn(new TableColumn("chi2").RightAligned())
                .AddColumn(new TableColumn("df").RightAligned()).AddColumn(new TableColumn("p").RightAligned()).AddColumn("verdict");
            foreach (var p in comparison.Points)
            {
                table.AddRow(
                    p.Index.ToString(CultureInfo.InvariantCulture), p.TotalVariation.ToString("0.0000", CultureInfo.InvariantCulture),
                    p.TotalVariationUpper.ToString("0.0000", CultureInfo.InvariantCulture), p.ChiSquare.ToString("0.00", CultureInfo.InvariantCulture),
                    p.DegreesOfFreedom.ToString(CultureInfo.InvariantCulture), p.PValue.ToString("G3", CultureInfo.InvariantCulture),
                    p.Verdict.ToString().ToLowerInvariant());
            }

            console.Write(table);
        }

        var calibration = comparison.Calibration;
        console.WriteLine(calibration.Original == calibration.Rerun
            ? $"calibration: {calibration.Original ?? "none"} (unchanged)"
            : $"calibration: {calibration.Original ?? "none"} -> {calibration.Rerun ?? "none"}");
        foreach (var change in calibration.Changes)
        {
            console.WriteLine("  " + change);
        }
    }
}
