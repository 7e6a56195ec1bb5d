using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Ibm;

/// <summary>What IBM publishes about its Heron devices, for the Target a backend declares before it has read the
/// device's configuration, and the price list (Pay-As-You-Go: per second of quantum time the job used).</summary>
internal static class IbmDevices
{
    public const string PublicEndpoint = "https://quantum.cloud.ibm.com/api/v1/";

    public const string IamEndpoint = "https://iam.cloud.ibm.com/identity/token";

    /// <summary>The API version qxm was written against, sent on every call so that a newer default cannot change the
    /// shapes it reads.</summary>
    public const string ApiVersion = "2025-05-01";

    /// <summary>Sampler's shot limit per PUB, as the devices' configuration states it.</summary>
    public const int MaxShots = 100_000;

    /// <summary>PUBs per job qxm sends.</summary>
    public const int MaxCircuits = 300;

    /// <summary>The basis of IBM's Heron processors; qxm's gate library has every one of them.</summary>
    public static IReadOnlyList<string> HeronBasis { get; } = ["cz", "id", "rz", "sx", "x"];

    public static int? Qubits(string device) => device switch
    {
        "ibm_torino" => 133,
        "ibm_fez" or "ibm_marrakesh" or "ibm_kingston" or "ibm_aachen" or "ibm_pittsburgh" => 156,
        _ => null,
    };

    /// <summary>$96 a minute of quantum time on the Pay-As-You-Go plan, billed by the second. The time a job will take is
    /// qxm's assumption until IBM reports the job's usage: 2 s a PUB and 250 us a shot (a Heron's default repetition delay).</summary>
    public static PriceModel Prices { get; } = new() { PerSecond = 1.60m, SecondsPerTask = 2m, SecondsPerShot = 0.00025m };

    /// <summary>The device's gates on every tuple until its configuration is read: the coupling map comes from IBM.</summary>
    public static Target Target(int qubits, IReadOnlyList<string> basis, IReadOnlyList<IReadOnlyList<int>>? pairs = null) =>
        new(qubits, MaxShots, MaxCircuits)
        {
            Operations =
            [
                .. basis.Where(g => g != "cz" && g != "ecr").Select(g => new TargetOperation(g, 1)),
                .. basis.Where(g => g is "cz" or "ecr").Select(g => new TargetOperation(g, 2, pairs)),
            ],
            Features = new TargetFeatures(MidCircuitMeasurement: true, Reset: true, FeedForward: true, Timing: true),
        };
}
