using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Domain.Observables;

namespace Qxm.Engine.Observables;

/// <summary>Zero-noise extrapolation's two halves: global unitary folding, which runs a circuit's gates U as
/// U (U^-1 U)^k so that the noise grows (2k + 1)-fold while the ideal result stays the same, and the extrapolation of the
/// values measured at those scales back to zero noise, as fixed weights whose squares carry the standard errors through.</summary>
public static class UnitaryFolding
{
    public const string Rule = "experiment.zne";

    /// <summary>Gates a folded circuit may hold; past it the experiment is refused before anything is folded.</summary>
    public const int MaxFoldedOperations = 1_000_000;

    /// <summary>Why the circuit cannot be folded (an operation that is not an invertible gate, or too long a result), or
    /// nothing. <paramref name="operations"/> are the circuit's operations before its final measurements.</summary>
    public static IEnumerable<Diagnostic> Check(IEnumerable<Operation> operations, ZneSettings settings, string origin)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(settings);
        var count = 0;
        foreach (var operation in operations)
        {
            count++;
            switch (operation)
            {
                case BarrierOperation:
                    break;
                case GateOperation gate when GateInverse.Of(gate) is null:
                    yield return new Diagnostic(Rule,
                        $"zero-noise extrapolation folds the circuit's gates, and gate '{gate.Name}' has no inverse in the gate library",
                        origin, gate.Span.Line, gate.Span.Column, Path: "mitigation");
                    yield break;
                case GateOperation:
                    break;
                default:
                    yield return new Diagnostic(Rule,
                        $"zero-noise extrapolation folds gates only; the circuit has a {Describe(operation)}",
                        origin, operation.Span.Line, operation.Span.Column, Path: "mitigation");
                    yield break;
            }
        }

        var largest = settings.ScaleFactors.Max();
        if ((long)count * largest > MaxFoldedOperations)
        {
            yield return new Diagnostic(Rule,
                $"folding {count} operations to scale {largest} makes {(long)count * largest} operations; at most {MaxFoldedOperations} are folded",
                origin, Path: "mitigation");
        }
    }

    /// <summary><paramref name="operations"/> (gates and barriers) run at <paramref name="scale"/> (odd): U, then
    /// (scale - 1) / 2 times U^-1 U, with a barrier on every qubit between the parts so no pass merges them away.</summary>
    public static ImmutableArray<Operation> Fold(IReadOnlyList<Operation> operations, int scale, int qubits)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (scale < 1 || scale % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "a folding scale is a positive odd integer");
        }

        var folded = ImmutableArray.CreateBuilder<Operation>(operations.Count * scale + scale);
        folded.AddRange(operations);
        if (scale == 1)
        {
            return folded.ToImmutable();
        }

        var inverse = new Operation[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[operations.Count - 1 - i];
            inverse[i] = operation is GateOperation gate
                ? GateInverse.Of(gate) ?? throw new QxmException($"gate '{gate.Name}' has no inverse; Check refuses such circuits")
                : operation;
        }

        var barrier = new BarrierOperation([.. Enumerable.Range(0, qubits)], SourceSpan.None);
        for (var k = 0; k < (scale - 1) / 2; k++)
        {
            folded.Add(barrier);
            folded.AddRange(inverse);
            folded.Add(barrier);
            folded.AddRange(operations);
        }

        return folded.ToImmutable();
    }

    /// <summary>The weights w with sum w_i f(scale_i) the fit's value at zero noise: Lagrange's at zero for Richardson,
    /// the least-squares line's intercept for linear. Both sum to one.</summary>
    public static double[] Weights(IReadOnlyList<int> scales, ZneFit fit)
    {
        ArgumentNullException.ThrowIfNull(scales);
        var n = scales.Count;
        var weights = new double[n];
        if (fit == ZneFit.Richardson)
        {
            for (var i = 0; i < n; i++)
            {
                double w = 1;
                for (var j = 0; j < n; j++)
                {
                    if (j != i)
                    {
                        w *= scales[j] / (double)(scales[j] - scales[i]);
                    }
                }

                weights[i] = w;
            }

            return weights;
        }

        double sum = scales.Sum(), squares = scales.Sum(s => (double)s * s);
        var denominator = (n * squares) - (sum * sum);
        for (var i = 0; i < n; i++)
        {
            weights[i] = (squares - (scales[i] * sum)) / denominator;
        }

        return weights;
    }

    /// <summary>Each observable extrapolated to zero noise from its values at the scales (scale-major), with the standard
    /// error of that weighted sum of independent estimates.</summary>
    public static IReadOnlyList<ObservableValue> Extrapolate(IReadOnlyList<IReadOnlyList<ObservableValue>> scaled, ZneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        ArgumentNullException.ThrowIfNull(settings);
        var weights = Weights(settings.ScaleFactors, settings.Fit);
        var values = new List<ObservableValue>(scaled[0].Count);
        for (var o = 0; o < scaled[0].Count; o++)
        {
            double value = 0, variance = 0;
            for (var s = 0; s < weights.Length; s++)
            {
                value += weights[s] * scaled[s][o].Value;
                variance += weights[s] * weights[s] * scaled[s][o].StandardError * scaled[s][o].StandardError;
            }

            values.Add(new ObservableValue(scaled[0][o].Name, value, Math.Sqrt(variance)));
        }

        return values;
    }

    private static string Describe(Operation operation) => operation switch
    {
        ResetOperation => "reset",
        MeasureOperation => "measurement before its end",
        DelayOperation => "delay",
        BoxOperation => "box",
        _ => "classically controlled operation",
    };
}
