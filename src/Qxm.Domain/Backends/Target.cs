namespace Qxm.Domain.Backends;

/// <summary>What a backend can run: immutable limits and capabilities that validation and matching read.
/// Measured values that drift (T1, T2, current error rates) live in <see cref="CalibrationSnapshot"/>s instead.</summary>
/// <remarks>An empty <see cref="Operations"/> list means every gate of the standard library runs natively on every
/// qubit tuple (a simulator). Otherwise a gate is native only where one of its operations lists it.</remarks>
public sealed record Target(int Qubits, int MaxShots, int MaxCircuits)
{
    public IReadOnlyList<TargetOperation> Operations { get; init; } = [];

    /// <summary>Probability of reading the wrong bit, per qubit; empty when unknown (an ideal simulator).</summary>
    public IReadOnlyList<double> ReadoutErrors { get; init; } = [];

    public TargetFeatures Features { get; init; } = TargetFeatures.All;

    /// <summary>The most qubits whose state this backend can hold in memory: a simulator's limit, or a simulated device's
    /// when a circuit touches that many qubits; null where memory is not the limit (hardware).</summary>
    public int? MaxQubitsInMemory { get; init; }

    /// <summary>Where the width that fits depends on the run's amplitude precision, the limit of each (a run without
    /// the option counts as <c>double</c>); empty where it does not. <see cref="MaxQubitsInMemory"/> is the widest of them.</summary>
    public IReadOnlyList<PrecisionLimit> PrecisionLimits { get; init; } = [];

    /// <summary>The limit for runs of <paramref name="precision"/> (null: the default, double), if the target has one.</summary>
    public PrecisionLimit? PrecisionLimitFor(string? precision) =>
        PrecisionLimits.FirstOrDefault(l => string.Equals(l.Precision, precision ?? "double", StringComparison.Ordinal));

    /// <summary>Durations for operations the target lists no duration for; null where it declares none (then only
    /// <see cref="TargetOperation.DurationNs"/> gives durations).</summary>
    public NominalDurations? NominalDurations { get; init; }

    /// <summary>How long <paramref name="operation"/> (a gate name, <c>measure</c> or <c>reset</c>) lasts on these qubits, in
    /// nanoseconds: the duration of the operation listed for them, else the nominal one; null when the target states none.</summary>
    public double? DurationNs(string operation, IReadOnlyList<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        var listed = Operations.FirstOrDefault(o => o.DurationNs is not null
            && string.Equals(o.Name, operation, StringComparison.Ordinal) && o.IsAvailableOn(qubits));
        if (listed is not null)
        {
            return listed.DurationNs;
        }

        return NominalDurations is not { } nominal ? null : operation switch
        {
            "measure" => nominal.MeasureNs,
            "reset" => nominal.ResetNs,
            _ => qubits.Count == 1 ? nominal.OneQubitGateNs : nominal.MultiQubitGateNs,
        };
    }

    /// <summary>The native gate names, or null when any standard gate runs natively.</summary>
    public IReadOnlyList<string>? NativeGates =>
        Operations.Count == 0 ? null : [.. Operations.Select(o => o.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>True when a two-qubit operation is available on every ordered pair, or there is no restriction at all.</summary>
    public bool IsAllToAll => Operations.Count == 0 || Operations.Any(o => o.Arity == 2 && o.QubitTuples is null);

    /// <summary>Ordered pairs a two-qubit operation is available on, derived from the operations. Empty when all-to-all.</summary>
    public IReadOnlyList<QubitPair> CouplingMap =>
        IsAllToAll
            ? []
            : [.. Operations.Where(o => o.Arity == 2 && o.QubitTuples is not null)
                .SelectMany(o => o.QubitTuples!)
                .Select(t => new QubitPair(t[0], t[1]))
                .Distinct()
                .OrderBy(p => p.First).ThenBy(p => p.Second)];

    /// <summary>True when some coupled pair is available in one direction only.</summary>
    public bool IsDirected
    {
        get
        {
            var pairs = CouplingMap.ToHashSet();
            return pairs.Any(p => !pairs.Contains(new QubitPair(p.Second, p.First)));
        }
    }

    /// <summary>Whether the gate runs natively here at all (on some qubits).</summary>
    public bool IsNative(string gate) => Operations.Count == 0 || Operations.Any(o => string.Equals(o.Name, gate, StringComparison.Ordinal));

    /// <summary>Whether the gate runs natively on exactly these qubits, in this order.</summary>
    public bool IsAvailable(string gate, IReadOnlyList<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        if (Operations.Count == 0)
        {
            return true;
        }

        return Operations.Any(o => string.Equals(o.Name, gate, StringComparison.Ordinal) && o.IsAvailableOn(qubits));
    }
}
