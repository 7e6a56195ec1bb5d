using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary>Renumbers a circuit onto only the qubits it touches, so a small circuit placed anywhere on a 27-qubit device
/// simulates in a state of its own size. Untouched qubits stay |0⟩ and are never measured, so counts are unchanged.</summary>
internal static class QubitCompaction
{
    /// <summary>The compacted circuit and, for each of its qubits, the physical qubit it stands for.</summary>
    public static (Circuit Circuit, IReadOnlyList<int> Physical) CompactWithMap(Circuit circuit)
    {
        var touched = OperationTree.QubitsActedOn(circuit.Operations);
        if (touched.Count == circuit.QubitCount)
        {
            return (circuit, [.. Enumerable.Range(0, circuit.QubitCount)]);
        }

        var map = new Dictionary<int, int>();
        foreach (var q in touched)
        {
            map[q] = map.Count;
        }

        var compacted = circuit with
        {
            QubitCount = map.Count,
            QuantumRegisters = [new Register("q", map.Count, 0)],
            Operations = Map(circuit.Operations, map),
        };
        return (compacted, [.. touched]);
    }

    /// <summary>The part of <paramref name="snapshot"/> a compacted circuit runs on, renumbered as it was: qubit i is
    /// physical qubit <c>physical[i]</c>; gate entries on other qubits are left out, entries for every tuple kept.</summary>
    public static CalibrationSnapshot Restrict(CalibrationSnapshot snapshot, IReadOnlyList<int> physical)
    {
        var index = new Dictionary<int, int>();
        for (var i = 0; i < physical.Count; i++)
        {
            index[physical[i]] = i;
        }

        var byQubit = snapshot.Qubits.ToDictionary(q => q.Qubit);
        return snapshot with
        {
            Qubits = [.. physical.Select((p, i) => byQubit.TryGetValue(p, out var q)
                ? q with { Qubit = i }
                : throw new Domain.Errors.QxmException($"calibration of {snapshot.Backend}: qubit {p} has no T1, T2 or readout error"))],
            Gates = [.. snapshot.Gates
                .Where(g => g.Qubits.All(index.ContainsKey))
                .Select(g => g with { Qubits = [.. g.Qubits.Select(q => index[q])] })],
        };
    }

    private static ImmutableArray<Operation> Map(ImmutableArray<Operation> operations, Dictionary<int, int> map) =>
        [.. operations.Select(op => Map(op, map)).OfType<Operation>()];

    /// <summary>The operation on the new indices; null for a barrier or delay left with no touched qubit.</summary>
    private static Operation? Map(Operation op, Dictionary<int, int> map) => op switch
    {
        GateOperation g => g with { Qubits = [.. g.Qubits.Select(q => map[q])] },
        MeasureOperation m => m with { Qubit = map[m.Qubit] },
        ResetOperation r => r with { Qubit = map[r.Qubit] },
        BarrierOperation b => Kept(b.Qubits, map) is { Length: > 0 } kept ? b with { Qubits = kept } : null,
        DelayOperation d => Kept(d.Qubits, map) is { Length: > 0 } kept ? d with { Qubits = kept } : null,
        ConditionalOperation c => Map(c.Body, map) is { } body ? c with { Body = body } : null,
        IfOperation i => i with { Then = Map(i.Then, map), Else = Map(i.Else, map) },
        BoxOperation b => b with { Body = Map(b.Body, map) },
        WhileOperation w => w with { Body = Map(w.Body, map) },
        ClassicalAssignOperation a => a,
        _ => throw new InvalidOperationException($"unknown operation {op.GetType().Name}"),
    };

    private static ImmutableArray<int> Kept(ImmutableArray<int> qubits, Dictionary<int, int> map) =>
        [.. qubits.Where(map.ContainsKey).Select(q => map[q])];
}
