using System.Globalization;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Reproduction;

/// <summary>Compares a rerun's counts with its original's, point by point (pure).</summary>
public static class RunComparer
{
    /// <summary>The run-wide significance level: a rerun of an unchanged experiment is called inconsistent by chance
    /// in at most this fraction of comparisons (one in a thousand, so a consistent rerun passes 99.9 % of the time).</summary>
    public const double DefaultAlpha = 0.001;

    /// <summary>The total variation distance a point's upper bound must stay under to call it consistent.</summary>
    public const double DefaultTolerance = 0.1;

    public static RunComparison Compare(
        RunResult original, RunResult rerun, CalibrationDifference calibration, double alpha = DefaultAlpha, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(rerun);
        if (original.Points.Count != rerun.Points.Count)
        {
            throw new ArgumentException($"the rerun has {rerun.Points.Count} sweep points, the original {original.Points.Count}", nameof(rerun));
        }

        var identical = original.Points.Zip(rerun.Points).All(p =>
            p.First.Counts.Count == p.Second.Counts.Count && p.First.Counts.All(c => p.Second.Counts.GetValueOrDefault(c.Key) == c.Value));
        var perPoint = alpha / Math.Max(1, original.Points.Count);
        var points = original.Points.Zip(rerun.Points).Select(p => TwoSampleTest.Compare(p.First.Index, p.First.Counts, p.Second.Counts, perPoint, tolerance)).ToList();
        var verdict = identical ? ReproduceVerdict.Identical
            : points.Any(p => p.Verdict == ReproduceVerdict.Inconsistent) ? ReproduceVerdict.Inconsistent
            : points.Any(p => p.Verdict == ReproduceVerdict.Inconclusive) ? ReproduceVerdict.Inconclusive
            : ReproduceVerdict.Consistent;
        return new RunComparison(original.RunId, rerun.RunId, verdict, alpha, tolerance, points, calibration);
    }

    /// <summary>What differs between two calibration snapshots: per qubit T1, T2 and readout error, per gate its error.</summary>
    public static IReadOnlyList<string> Changes(CalibrationSnapshot? original, CalibrationSnapshot? rerun)
    {
        if (original is null || rerun is null)
        {
            return original == rerun ? [] : ["only one of the runs has a calibration snapshot"];
        }

        var changes = new List<string>();
        if (original.Backend != rerun.Backend)
        {
            changes.Add($"backend {original.Backend} -> {rerun.Backend}");
        }

        var qubits = rerun.Qubits.ToDictionary(q => q.Qubit);
        foreach (var q in original.Qubits)
        {
            if (!qubits.TryGetValue(q.Qubit, out var r))
            {
                changes.Add($"q{q.Qubit}: not calibrated in the rerun");
                continue;
            }

            Change(changes, $"q{q.Qubit} readout error", q.ReadoutError, r.ReadoutError);
            Change(changes, $"q{q.Qubit} T1 us", q.T1Us, r.T1Us);
            Change(changes, $"q{q.Qubit} T2 us", q.T2Us, r.T2Us);
        }

        var gates = rerun.Gates.ToDictionary(g => $"{g.Gate}({string.Join(',', g.Qubits)})", StringComparer.Ordinal);
        foreach (var g in original.Gates)
        {
            if (gates.TryGetValue($"{g.Gate}({string.Join(',', g.Qubits)})", out var r))
            {
                Change(changes, $"{g.Gate}({string.Join(',', g.Qubits)}) error", g.Error, r.Error);
            }
        }

        return changes;
    }

    private static void Change(List<string> changes, string what, double before, double after)
    {
        if (before != after)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {before:G4} -> {after:G4}"));
        }
    }
}
