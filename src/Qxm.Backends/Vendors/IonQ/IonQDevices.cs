using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>What IonQ publishes about its devices, for the Target a backend declares before it has asked the vendor,
/// and the price list (IonQ's QPUs are priced per gate and shot with a minimum per job; the simulator is free).</summary>
internal static class IonQDevices
{
    public const string PublicEndpoint = "https://api.ionq.co/v0.4/";

    /// <summary>qxm's cap on shots per circuit, under IonQ's own.</summary>
    public const int MaxShots = 100_000;

    /// <summary>Circuits per multi-circuit job qxm sends.</summary>
    public const int MaxCircuits = 100;

    public static int? Qubits(string device) => device switch
    {
        "simulator" => 29,
        "qpu.aria-1" or "qpu.aria-2" => 25,
        "qpu.forte-1" or "qpu.forte-enterprise-1" => 36,
        _ => null,
    };

    public static bool IsSimulator(string device) => device == "simulator";

    /// <summary>IonQ's published on-demand QPU prices: per single-qubit gate-shot, per two-qubit gate-shot, and the
    /// minimum per job with error mitigation off.</summary>
    public static PriceModel Prices(string device) => IsSimulator(device)
        ? PriceModel.Free
        : new PriceModel { PerOneQubitGateShot = 0.000220m, PerTwoQubitGateShot = 0.000975m, MinimumPerTask = 12.42m };

    public static Target Target(int qubits)
    {
        // IonQ's devices couple every pair of ions: every operation is available on every tuple of distinct qubits.
        IReadOnlyList<TargetOperation> operations =
        [
            .. IonQCircuitWriter.QisGates.Select(g => new TargetOperation(g.Name, g.Arity)),
            new TargetOperation("gpi", 1), new TargetOperation("gpi2", 1), new TargetOperation("ms", 2),
        ];
        return new Target(qubits, MaxShots, MaxCircuits)
        {
            Operations = operations,
            Features = new TargetFeatures(MidCircuitMeasurement: false, Reset: false, FeedForward: false, Timing: false),
        };
    }
}
