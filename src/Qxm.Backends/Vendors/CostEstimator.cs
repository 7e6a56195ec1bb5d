using Qxm.Circuits.Ir;

namespace Qxm.Backends.Vendors;

/// <summary>What a job will cost under a <see cref="PriceModel"/>: each circuit is a task, priced by its shots and by its
/// gates as the vendors count them (a gate on three or more qubits counts as 6 x (N - 2) two-qubit gates, the rule IonQ's
/// per-gate prices are published with).</summary>
public static class CostEstimator
{
    public static decimal Estimate(PriceModel prices, IReadOnlyList<Circuit> circuits, int shots, double secondsPerCircuit = 0)
    {
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(circuits);
        return circuits.Sum(c =>
        {
            var (one, two) = GateCounts(c);
            var measurements = prices.PerHqc == 0 ? 0 : OperationTree.Descendants(c.Operations).Count(o => o is MeasureOperation);
            return prices.Estimate(shots, one, two, secondsPerCircuit, measurements);
        });
    }

    /// <summary>Single- and two-qubit gate counts, wherever gates are nested; identities and barriers cost nothing.</summary>
    public static (int OneQubit, int TwoQubit) GateCounts(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int one = 0, two = 0;
        foreach (var gate in OperationTree.Descendants(circuit.Operations).OfType<GateOperation>().Where(g => g.Name != "id"))
        {
            switch (gate.Qubits.Length)
            {
                case 1:
                    one++;
                    break;
                case 2:
                    two++;
                    break;
                default:
                    two += 6 * (gate.Qubits.Length - 2);
                    break;
            }
        }

        return (one, two);
    }
}
