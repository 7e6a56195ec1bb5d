using Qxm.Backends.Vendors.IonQ;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>One provider target of an Azure Quantum workspace as qxm knows it: which provider runs it, its qubits, the
/// input and output formats its jobs use and its published price model. Azure publishes no calibration for any target,
/// so an Azure backend is no calibration source.</summary>
internal sealed record AzureTarget(string Provider, int Qubits, string InputFormat, string OutputFormat, PriceModel Prices)
{
    public const string IonQProvider = "ionq";
    public const string QuantinuumProvider = "quantinuum";

    /// <summary>qxm's cap on shots per job, within both providers' own.</summary>
    public const int MaxShots = 10_000;

    /// <summary>Circuits per qxm job: each circuit is one Azure job (the workspace API takes one program a job).</summary>
    public const int MaxCircuits = 20;

    /// <summary>IonQ through Azure, priced as Azure's pricing page lists it (Azure Quantum Tokens): $0.000220 per
    /// single-qubit gate-shot, $0.000975 per two-qubit gate-shot, at least $12.4166 a program with error mitigation off.</summary>
    public static PriceModel IonQQpuPrices { get; } = new() { PerOneQubitGateShot = 0.000220m, PerTwoQubitGateShot = 0.000975m, MinimumPerTask = 12.4166m };

    /// <summary>The targets qxm has an input format for, by Azure's target id.</summary>
    private static readonly Dictionary<string, AzureTarget> ByDevice = new(StringComparer.Ordinal)
    {
        ["ionq.simulator"] = IonQ(29, PriceModel.Free),
        ["ionq.qpu.aria-1"] = IonQ(25, IonQQpuPrices),
        ["ionq.qpu.aria-2"] = IonQ(25, IonQQpuPrices),
        ["ionq.qpu.forte-1"] = IonQ(36, IonQQpuPrices),
        ["quantinuum.sim.h1-1sc"] = Quantinuum(20),
        ["quantinuum.sim.h1-1e"] = Quantinuum(20),
        ["quantinuum.qpu.h1-1"] = Quantinuum(20),
        ["quantinuum.sim.h2-1sc"] = Quantinuum(56),
        ["quantinuum.sim.h2-2sc"] = Quantinuum(56),
        // The emulators hold 32 qubits in a state vector; 56 only as a stabilizer simulation.
        ["quantinuum.sim.h2-1e"] = Quantinuum(32),
        ["quantinuum.sim.h2-2e"] = Quantinuum(32),
        ["quantinuum.qpu.h2-1"] = Quantinuum(56),
        ["quantinuum.qpu.h2-2"] = Quantinuum(56),
    };

    /// <summary>Every target id <see cref="Of"/> knows.</summary>
    public static IReadOnlyCollection<string> Devices => ByDevice.Keys;

    /// <summary>The target named <paramref name="device"/> (Azure's target id), or null when qxm does not know it.</summary>
    public static AzureTarget? Of(string device) => ByDevice.GetValueOrDefault(device);

    public Target Target() => Provider == IonQProvider
        ? IonQDevices.Target(Qubits) with { MaxShots = MaxShots, MaxCircuits = MaxCircuits }
        : new Target(Qubits, MaxShots, MaxCircuits)
        {
            // Quantinuum's ions are all coupled; it measures and resets mid-circuit, which qxm's OpenQASM 2 output carries.
            Operations = [.. QuantinuumQasmWriter.Gates.Select(g => new TargetOperation(g.Name, g.Arity))],
            Features = new TargetFeatures(MidCircuitMeasurement: true, Reset: true, FeedForward: false, Timing: false),
        };

    private static AzureTarget IonQ(int qubits, PriceModel prices) =>
        new(IonQProvider, qubits, "ionq.circuit.v1", "ionq.quantum-results.v1", prices);

    /// <summary>Quantinuum bills H-Series Quantum Credits under a subscription, with no dollar price on Azure's list:
    /// qxm's model counts HQCs at $0 each until the backend's <c>pricing.perHqc</c> gives the contract's rate. The syntax
    /// checkers are free.</summary>
    private static AzureTarget Quantinuum(int qubits) =>
        new(QuantinuumProvider, qubits, "honeywell.openqasm.v1", "honeywell.quantum-results.v1", PriceModel.Free);
}
