using System.Collections.Immutable;
using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Domain.Observables;

namespace Qxm.Engine.Observables;

/// <summary>How an experiment's observables are measured: their distinct Pauli strings grouped into qubit-wise
/// commuting sets, one measurement basis (one circuit per sweep point) each, and the estimates computed back from the
/// counts of those bases or, on the ideal simulator, from the exact final state.</summary>
public sealed class MeasurementPlan
{
    /// <summary>Distinct Pauli strings over all observables; more is refused before grouping, which is quadratic in it.</summary>
    public const int MaxDistinctTerms = 4096;

    public const string RuleCircuit = "experiment.observables-circuit";
    public const string RuleQubits = "experiment.observables-qubits";
    public const string RuleExact = "experiment.observables-exact";

    /// <summary>Readout mitigation works on the dense distribution over the measured qubits; wider, it is skipped (and
    /// says so) before any of it is built.</summary>
    public const int MaxMitigatedQubits = 20;

    /// <summary>Mitigated distributions are returned for up to this many qubits; beyond, only the mitigated values.</summary>
    public const int MaxMitigatedDistributionQubits = 12;

    private readonly IReadOnlyList<Observable> _observables;
    private readonly (double Identity, (int Group, (PauliFactor[] Factors, double Coefficient)[] Terms)[] Groups)[] _estimators;
    private readonly int _qubits;

    private MeasurementPlan(IReadOnlyList<Observable> observables, ExpectationMode mode, Dictionary<string, int> labels, PauliFactor[][] strings, int[][] groups, int qubits)
    {
        Mode = mode;
        _observables = observables;
        _qubits = qubits;
        var groupOf = new int[strings.Length];
        var bases = new string[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var letters = Enumerable.Repeat('Z', qubits).ToArray();
            foreach (var s in groups[g])
            {
                groupOf[s] = g;
                foreach (var f in strings[s])
                {
                    letters[qubits - 1 - f.Qubit] = f.Pauli;
                }
            }

            bases[g] = new string(letters);
        }

        Bases = bases;
        _estimators = [.. observables.Select(o => (
            o.Terms.Where(t => t.Pauli == PauliLabel.Identity).Sum(t => t.Coefficient),
            o.Terms.Where(t => t.Pauli != PauliLabel.Identity)
                .GroupBy(t => groupOf[labels[t.Pauli]])
                .Select(g => (g.Key, g.Select(t => (PauliLabel.Parse(t.Pauli), t.Coefficient)).ToArray()))
                .ToArray()))];
    }

    /// <summary>What the experiment asked to mitigate.</summary>
    public MitigationMethod Mitigation { get; private init; }

    /// <summary>With zero-noise extrapolation, its scale factors and fit; else null.</summary>
    public ZneSettings? Zne { get; private init; }

    /// <summary>The noise scales each basis is measured at: the extrapolation's factors, or just 1.</summary>
    public IReadOnlyList<int> Scales => Zne?.ScaleFactors ?? [1];

    /// <summary>Circuits per sweep point: one per basis at each noise scale, scale-major.</summary>
    public int CircuitsPerPoint => Bases.Count * Scales.Count;

    /// <summary>The circuit's qubits: each basis circuit measures all of them, qubit q into clbit q.</summary>
    public int Qubits => _qubits;

    /// <summary>How the experiment asked for its values; exact values are computed only on the ideal simulator.</summary>
    public ExpectationMode Mode { get; }

    /// <summary>One letter per qubit for each group, qubit 0 rightmost; at least one basis even for identity-only observables.</summary>
    public IReadOnlyList<string> Bases { get; }

    /// <summary>How many measurement bases (circuits per sweep point) the observables need: known from their Pauli strings
    /// alone, so budgets can be checked before anything runs.</summary>
    public static int BasisCount(IReadOnlyList<Observable> observables)
    {
        ArgumentNullException.ThrowIfNull(observables);
        var strings = observables.SelectMany(o => o.Terms).Select(t => t.Pauli).Where(p => p != PauliLabel.Identity)
            .Distinct(StringComparer.Ordinal).Select(PauliLabel.Parse).ToList();
        return Math.Max(1, QubitWiseGrouping.Group(strings).Length);
    }

    /// <summary>The plan for <paramref name="observables"/> on <paramref name="circuit"/>, or null and the reasons it
    /// cannot be measured: a circuit that measures mid-way or resets, a qubit beyond the circuit, a letter map of another width.</summary>
    public static (MeasurementPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics) Create(
        IReadOnlyList<Observable> observables, ExpectationMode mode, Circuit circuit, string origin, MitigationMethod mitigation = MitigationMethod.None,
        ZneSettings? zne = null)
    {
        ArgumentNullException.ThrowIfNull(observables);
        ArgumentNullException.ThrowIfNull(circuit);
        var diagnostics = new List<Diagnostic>();
        if (circuit.NeedsPerShotSimulation)
        {
            diagnostics.Add(new Diagnostic(RuleCircuit,
                "a circuit with observables must not measure mid-way, reset or branch: qxm appends the basis changes and measures every qubit at the end",
                origin, Path: "observables"));
        }

        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var strings = new List<PauliFactor[]>();
        foreach (var observable in observables)
        {
            var path = "observables." + observable.Name;
            if (observable.Width is { } width && width != circuit.QubitCount)
            {
                diagnostics.Add(new Diagnostic(RuleQubits,
                    $"observable '{observable.Name}' is written with {width} letters per term but the circuit has {circuit.QubitCount} qubits (one letter per qubit, qubit 0 rightmost)",
                    origin, Path: path));
                continue;
            }

            foreach (var term in observable.Terms)
            {
                var factors = PauliLabel.Parse(term.Pauli);
                if (factors.FirstOrDefault(f => f.Qubit >= circuit.QubitCount) is { Pauli: not '\0' } beyond)
                {
                    diagnostics.Add(new Diagnostic(RuleQubits,
                        $"observable '{observable.Name}' acts on qubit {beyond.Qubit} but the circuit has {circuit.QubitCount} qubits (0 to {circuit.QubitCount - 1})",
                        origin, Path: path));
                    break;
                }

                if (factors.Length > 0 && labels.TryAdd(term.Pauli, strings.Count))
                {
                    strings.Add(factors);
                }
            }
        }

        if (mitigation == MitigationMethod.Zne)
        {
            zne ??= ZneSettings.Default;
            if (mode == ExpectationMode.Exact)
            {
                diagnostics.Add(new Diagnostic(UnitaryFolding.Rule, "exact expectation values have no noise to extrapolate; use expectation: shots with mitigation: zne", origin, Path: "mitigation"));
            }
            else if (!circuit.NeedsPerShotSimulation)
            {
                diagnostics.AddRange(UnitaryFolding.Check(circuit.Operations.Where(o => o is not MeasureOperation), zne, origin));
            }
        }

        if (strings.Count > MaxDistinctTerms)
        {
            diagnostics.Add(new Diagnostic(RuleQubits, $"the observables have {strings.Count} distinct Pauli strings; at most {MaxDistinctTerms} are measured", origin, Path: "observables"));
        }

        if (diagnostics.Count > 0)
        {
            return (null, diagnostics);
        }

        var groups = QubitWiseGrouping.Group(strings);
        if (groups.Length == 0)
        {
            groups = [[]];
        }

        return (new MeasurementPlan(observables, mode, labels, [.. strings], groups, circuit.QubitCount)
        {
            Mitigation = mitigation,
            Zne = mitigation == MitigationMethod.Zne ? zne : null,
        }, diagnostics);
    }

    /// <summary>The bound circuit with its final measurements removed (and its gates folded to <paramref name="scale"/>
    /// for zero-noise extrapolation), then each qubit rotated into the basis's letter and measured into clbit of the same
    /// index. The rotations are <c>rz</c> and <c>sx</c>, native on the superconducting fake devices: <c>sx</c> takes Y to
    /// Z, <c>rz(pi/2)</c> then <c>sx</c> takes X to Z.</summary>
    public Circuit BasisCircuit(Circuit bound, int basis, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var letters = Bases[basis];
        var ops = ImmutableArray.CreateBuilder<Operation>();
        var unitary = bound.Operations.Where(o => o is not MeasureOperation).ToArray();
        ops.AddRange(scale == 1 ? unitary : UnitaryFolding.Fold(unitary, scale, _qubits));
        var span = SourceSpan.None;
        for (var q = 0; q < _qubits; q++)
        {
            var letter = letters[_qubits - 1 - q];
            if (letter == 'X')
            {
                ops.Add(new GateOperation("rz", [q], [new ConstantExpr(Math.PI / 2)], span));
            }

            if (letter is 'X' or 'Y')
            {
                ops.Add(new GateOperation("sx", [q], [], span));
            }
        }

        for (var q = 0; q < _qubits; q++)
        {
            ops.Add(new MeasureOperation(q, q, span));
        }

        var kept = bound.Operations.Length - bound.Operations.Count(o => o is MeasureOperation);
        return bound with
        {
            ClbitCount = _qubits,
            ClassicalRegisters = [new Register("meas", _qubits, 0)],
            Operations = ops.ToImmutable(),
            Directives = [.. bound.Directives.Select(d => d.OperationIndex > kept ? d with { OperationIndex = kept } : d)],
        };
    }

    /// <summary>Each observable's estimate from one count table per basis (in <see cref="Bases"/> order). Bases are
    /// independent circuits, so their variances add; within a basis the terms share shots and are correlated, so the
    /// variance is that of the per-shot weighted sum of the observable's terms measured there.</summary>
    /// <param name="readoutErrors">With readout mitigation, each qubit's (symmetric) readout error, qubit 0 first: each
    /// shot's value is then that of the inverse confusion applied to the observable, (A^-1)^T y, so the estimate is the
    /// observable's mean under the mitigated distribution, and its variance, being that of a per-shot value, is exact.</param>
    public IReadOnlyList<ObservableValue> Estimate(IReadOnlyList<IReadOnlyDictionary<string, long>> counts, IReadOnlyList<double>? readoutErrors = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var values = new List<ObservableValue>(_observables.Count);
        for (var o = 0; o < _observables.Count; o++)
        {
            var (value, groups) = _estimators[o];
            var variance = 0.0;
            foreach (var (group, terms) in groups)
            {
                double shots = 0, sum = 0, squares = 0;
                var mitigated = readoutErrors is null ? null : MitigatedValues(terms, readoutErrors);
                foreach (var (bits, count) in counts[group])
                {
                    var y = 0.0;
                    if (mitigated is not null)
                    {
                        y = mitigated[Convert.ToInt32(bits, 2)];
                    }
                    else
                    {
                        foreach (var (factors, coefficient) in terms)
                        {
                            y += Parity(bits, factors) * coefficient;
                        }
                    }

                    shots += count;
                    sum += count * y;
                    squares += count * y * y;
                }

                if (shots == 0)
                {
                    continue;
                }

                var mean = sum / shots;
                value += mean;
                if (shots > 1)
                {
                    var sample = Math.Max(0, (squares - (shots * mean * mean)) / (shots - 1));
                    variance += sample / shots;
                }
            }

            values.Add(new ObservableValue(_observables[o].Name, value, Math.Sqrt(variance)));
        }

        return values;
    }

    /// <summary>The distribution of <paramref name="counts"/> corrected for readout error: the inverse of each qubit's
    /// confusion matrix applied in turn (tensored mitigation), as quasi-probabilities keyed like the counts.</summary>
    public static IReadOnlyDictionary<string, double> MitigatedDistribution(IReadOnlyDictionary<string, long> counts, IReadOnlyList<double> readoutErrors)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(readoutErrors);
        var width = readoutErrors.Count;
        var p = new double[1 << width];
        var shots = (double)counts.Values.Sum();
        foreach (var (bits, count) in counts)
        {
            p[Convert.ToInt32(bits, 2)] += count / shots;
        }

        Unconfuse(p, readoutErrors);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < p.Length; i++)
        {
            if (Math.Abs(p[i]) > 1e-12)
            {
                result[Convert.ToString(i, 2).PadLeft(width, '0')] = p[i];
            }
        }

        return result;
    }

    /// <summary>Applies each qubit's inverse confusion, 1/(1-2e) [[1-e, -e], [-e, 1-e]] (symmetric, so its own transpose).</summary>
    private static void Unconfuse(double[] vector, IReadOnlyList<double> readoutErrors)
    {
        for (var q = 0; q < readoutErrors.Count; q++)
        {
            var e = readoutErrors[q];
            var scale = 1 / (1 - (2 * e));
            var bit = 1 << q;
            for (var i = 0; i < vector.Length; i++)
            {
                if ((i & bit) == 0)
                {
                    var (a, b) = (vector[i], vector[i | bit]);
                    vector[i] = ((1 - e) * a - (e * b)) * scale;
                    vector[i | bit] = ((1 - e) * b - (e * a)) * scale;
                }
            }
        }
    }

    private double[] MitigatedValues((PauliFactor[] Factors, double Coefficient)[] terms, IReadOnlyList<double> readoutErrors)
    {
        var y = new double[1 << _qubits];
        var masks = terms.Select(t => (Mask: t.Factors.Aggregate(0, (m, f) => m | (1 << f.Qubit)), t.Coefficient)).ToArray();
        for (var x = 0; x < y.Length; x++)
        {
            foreach (var (mask, coefficient) in masks)
            {
                y[x] += (BitOperations.PopCount((uint)(x & mask)) & 1) == 0 ? coefficient : -coefficient;
            }
        }

        Unconfuse(y, readoutErrors);
        return y;
    }

    /// <summary>Each observable's exact expectation in <paramref name="state"/>, whose amplitude index has qubit q as bit q.</summary>
    public IReadOnlyList<ObservableValue> Exact(ReadOnlySpan<Complex> state)
    {
        var values = new List<ObservableValue>(_observables.Count);
        foreach (var observable in _observables)
        {
            var value = 0.0;
            foreach (var term in observable.Terms)
            {
                value += term.Coefficient * Expectation(state, PauliLabel.Parse(term.Pauli));
            }

            values.Add(new ObservableValue(observable.Name, value, 0));
        }

        return values;
    }

    /// <summary>&lt;psi|P|psi&gt;: P maps basis state i to phase(i) times i with the X and Y bits flipped.</summary>
    internal static double Expectation(ReadOnlySpan<Complex> state, PauliFactor[] factors)
    {
        long flip = 0, zMask = 0, yMask = 0;
        foreach (var f in factors)
        {
            var bit = 1L << f.Qubit;
            if (f.Pauli is 'X' or 'Y')
            {
                flip |= bit;
            }

            if (f.Pauli is 'Z' or 'Y')
            {
                zMask |= bit;
            }

            if (f.Pauli == 'Y')
            {
                yMask |= bit;
            }
        }

        // Y = i X Z: each Y contributes a factor i and a sign from its bit, like a Z applied before the flip.
        var yPhase = (BitCount(yMask) % 4) switch { 0 => Complex.One, 1 => Complex.ImaginaryOne, 2 => -Complex.One, _ => -Complex.ImaginaryOne };
        var total = Complex.Zero;
        for (long i = 0; i < state.Length; i++)
        {
            var amplitude = state[(int)i];
            if (amplitude == Complex.Zero)
            {
                continue;
            }

            var sign = (BitCount(i & zMask) & 1) == 0 ? 1.0 : -1.0;
            total += Complex.Conjugate(state[(int)(i ^ flip)]) * yPhase * sign * amplitude;
        }

        return total.Real;
    }

    private static int BitCount(long value) => BitOperations.PopCount((ulong)value);

    private static double Parity(string bits, PauliFactor[] factors)
    {
        var ones = 0;
        foreach (var f in factors)
        {
            ones += bits[bits.Length - 1 - f.Qubit] == '1' ? 1 : 0;
        }

        return (ones & 1) == 0 ? 1 : -1;
    }
}
