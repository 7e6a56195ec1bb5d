using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>What AWS publishes about the Braket devices qxm knows: qubits, the gates of Braket's OpenQASM action under
/// qxm's names, the region an ARN lives in, and the price list. A device's own capabilities (<c>GetDevice</c>) replace
/// the Target at the first submit or calibration; the table serves <c>qxm validate</c>, which calls no vendor.</summary>
internal static class BraketDevices
{
    /// <summary>The region of a device whose ARN names none (the on-demand simulators run in every region).</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>Braket's per-task charge on every QPU.</summary>
    public const decimal PerTask = 0.30m;

    /// <summary>The on-demand simulators' price per minute: $0.075 for SV1 and DM1, $0.275 for TN1, billed by the
    /// millisecond with at least 3 seconds a task.</summary>
    public const decimal SimulatorMinimumSeconds = 3m;

    /// <summary>Circuits per qxm job: each is one Braket task, so a sweep is as many tasks.</summary>
    public const int MaxCircuits = 20;

    /// <summary>Braket's gate names in its OpenQASM action and qxm's for the same gate (same matrix, same parameters);
    /// the ones with no qxm equivalent (ecr, iswap, pswap, xy, yy, the trapped-ion natives in radians) are left out.</summary>
    public static IReadOnlyDictionary<string, string> ToQxm { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["x"] = "x", ["y"] = "y", ["z"] = "z", ["h"] = "h", ["s"] = "s", ["si"] = "sdg", ["t"] = "t", ["ti"] = "tdg",
        ["v"] = "sx", ["vi"] = "sxdg", ["i"] = "id", ["rx"] = "rx", ["ry"] = "ry", ["rz"] = "rz", ["phaseshift"] = "p",
        ["cnot"] = "cx", ["cy"] = "cy", ["cz"] = "cz", ["swap"] = "swap", ["cphaseshift"] = "cp", ["xx"] = "rxx", ["zz"] = "rzz",
        ["ccnot"] = "ccx", ["cswap"] = "cswap",
    };

    /// <summary>qxm's gate names (aliases included) under Braket's.</summary>
    public static IReadOnlyDictionary<string, string> FromQxm { get; } = new Dictionary<string, string>(
        ToQxm.Select(p => KeyValuePair.Create(p.Value, p.Key))
            .Concat([new("CX", "cnot"), new("phase", "phaseshift"), new("cphase", "cphaseshift"), new("u1", "phaseshift")]),
        StringComparer.Ordinal);

    private static readonly string[] SimulatorGates = [.. ToQxm.Keys];
    private static readonly string[] IonQGates = ["x", "y", "z", "rx", "ry", "rz", "h", "cnot", "s", "si", "t", "ti", "v", "vi", "xx", "zz", "swap"];
    private static readonly string[] IqmGates = ["ccnot", "cnot", "cphaseshift", "cswap", "swap", "h", "i", "phaseshift", "rx", "ry", "rz", "s", "si", "t", "ti", "v", "vi", "x", "y", "z", "cz"];
    private static readonly string[] RigettiGates = ["cz", "cnot", "cphaseshift", "h", "i", "phaseshift", "rx", "ry", "rz", "s", "si", "swap", "t", "ti", "x", "y", "z"];

    /// <summary>The devices qxm knows, by the ARN's device part (after <c>device/</c>).</summary>
    private static readonly Dictionary<string, BraketDevice> Known = new(StringComparer.Ordinal)
    {
        ["quantum-simulator/amazon/sv1"] = new(34, 100_000, SimulatorGates, PerSecond(0.075m)),
        ["quantum-simulator/amazon/dm1"] = new(17, 100_000, SimulatorGates, PerSecond(0.075m)),
        ["quantum-simulator/amazon/tn1"] = new(50, 1_000, SimulatorGates, PerSecond(0.275m)),
        ["qpu/ionq/Aria-1"] = new(25, 100_000, IonQGates, Qpu(0.03m)),
        ["qpu/ionq/Aria-2"] = new(25, 100_000, IonQGates, Qpu(0.03m)),
        ["qpu/ionq/Forte-1"] = new(36, 100_000, IonQGates, Qpu(0.08m)),
        ["qpu/ionq/Forte-Enterprise-1"] = new(36, 100_000, IonQGates, Qpu(0.08m)),
        ["qpu/iqm/Garnet"] = new(20, 100_000, IqmGates, Qpu(0.00145m)),
        ["qpu/iqm/Emerald"] = new(54, 100_000, IqmGates, Qpu(0.0016m)),
        // Braket documents pulse control on Rigetti's Ankaa-3 (its frames and ports, OpenPulse in OpenQASM programs).
        ["qpu/rigetti/Ankaa-3"] = new(84, 100_000, RigettiGates, Qpu(0.0009m), Pulse: true),
    };

    public static string Endpoint(string region) => $"https://braket.{region}.amazonaws.com/";

    /// <summary>The device a Braket ARN names (<c>arn:aws:braket:REGION::device/KIND/PROVIDER/NAME</c>), or null.</summary>
    public static BraketDevice? Find(string arn) =>
        DevicePart(arn) is { } part && Known.TryGetValue(part, out var device) ? device : null;

    public static bool IsSimulator(string arn) => DevicePart(arn)?.StartsWith("quantum-simulator/", StringComparison.Ordinal) == true;

    /// <summary>The region in the ARN; null for a device that names none (the simulators).</summary>
    public static string? Region(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length >= 6 && parts[3].Length > 0 ? parts[3] : null;
    }

    public static string? DevicePart(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "braket" && parts[5].StartsWith("device/", StringComparison.Ordinal)
            ? parts[5]["device/".Length..]
            : null;
    }

    /// <summary>The gates as qxm names them, on every tuple: Braket compiles and routes a program that is not verbatim,
    /// so the device's connectivity constrains its compiler, not the circuits qxm may send. <paramref name="pulse"/>: the
    /// device takes pulse-level calibration (<see cref="TargetFeatures.PulseCalibration"/>), handed over in the program.</summary>
    public static Target Target(int qubits, int maxShots, IEnumerable<string> braketGates, bool pulse = false) =>
        new(qubits, maxShots, MaxCircuits)
        {
            Operations =
            [
                .. FromQxm.Where(p => braketGates.Contains(p.Value, StringComparer.Ordinal)).Select(p => p.Key).Order(StringComparer.Ordinal)
                    .Select(g => new TargetOperation(g, Circuits.Ir.GateLibrary.TryGet(g, out var signature) ? signature.Qubits : 1)),
            ],
            // Braket's OpenQASM action measures at the end only: no mid-circuit measurement, reset, feed-forward or timing
            // outside verbatim boxes, which qxm does not send.
            Features = new TargetFeatures(MidCircuitMeasurement: false, Reset: false, FeedForward: false, Timing: false) { PulseCalibration = pulse },
        };

    private static PriceModel Qpu(decimal perShot) => new() { PerTask = PerTask, PerShot = perShot };

    private static PriceModel PerSecond(decimal perMinute) => new()
    {
        PerSecond = perMinute / 60m, SecondsPerTask = SimulatorMinimumSeconds, MinimumPerTask = perMinute * SimulatorMinimumSeconds / 60m,
    };
}
