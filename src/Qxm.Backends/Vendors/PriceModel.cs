using System.Globalization;

namespace Qxm.Backends.Vendors;

/// <summary>A vendor's published price of a job, in US dollars: per task (each circuit submitted), per shot, per gate
/// and shot (one- and two-qubit gates apart, as IonQ prices its QPUs), per second of QPU time (IBM), with a minimum
/// per task. Null or zero parts cost nothing.</summary>
public sealed record PriceModel
{
    public decimal PerTask { get; init; }

    public decimal PerShot { get; init; }

    /// <summary>Price of one single-qubit gate executed once (per gate per shot).</summary>
    public decimal PerOneQubitGateShot { get; init; }

    /// <summary>Price of one two-qubit gate executed once (per gate per shot).</summary>
    public decimal PerTwoQubitGateShot { get; init; }

    public decimal PerSecond { get; init; }

    /// <summary>The least a task costs, whatever its size.</summary>
    public decimal MinimumPerTask { get; init; }

    /// <summary>For a price per second: the billed seconds qxm assumes a task takes before the vendor reports them, a
    /// fixed part per task plus a part per shot. The vendor's reported usage replaces it in the run's actual cost.</summary>
    public decimal SecondsPerTask { get; init; }

    /// <summary>See <see cref="SecondsPerTask"/>.</summary>
    public decimal SecondsPerShot { get; init; }

    /// <summary>Price of one H-Series Quantum Credit (Quantinuum's unit, through Azure Quantum): a task's HQCs are
    /// 5 + shots x (1q gates + 10 x 2q gates + 5 x measurements) / 5,000.</summary>
    public decimal PerHqc { get; init; }

    public static PriceModel Free { get; } = new();

    /// <summary>The price of one circuit of <paramref name="oneQubitGates"/> and <paramref name="twoQubitGates"/> gates
    /// run for <paramref name="shots"/> shots taking <paramref name="seconds"/> of QPU time, each circuit priced as a task.</summary>
    /// <remarks>With no <paramref name="seconds"/> given, a per-second price uses the model's own time assumption.</remarks>
    public decimal Estimate(int shots, int oneQubitGates, int twoQubitGates, double seconds = 0, int measurements = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        var billed = seconds > 0 ? (decimal)seconds : SecondsPerTask + (shots * SecondsPerShot);
        var price = PerTask + (shots * PerShot) + (shots * oneQubitGates * PerOneQubitGateShot)
            + (shots * twoQubitGates * PerTwoQubitGateShot) + (billed * PerSecond)
            + (PerHqc == 0 ? 0 : Hqc(shots, oneQubitGates, twoQubitGates, measurements) * PerHqc);
        return Math.Max(price, MinimumPerTask);
    }

    /// <summary>Quantinuum's H-Series Quantum Credits for one task, as Azure Quantum's pricing page gives the formula.</summary>
    public static decimal Hqc(int shots, int oneQubitGates, int twoQubitGates, int measurements) =>
        5m + (shots * (oneQubitGates + (10m * twoQubitGates) + (5m * measurements)) / 5000m);

    /// <summary>The model in one line, for <c>qxm backends</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add(PerTask, "per task");
        Add(PerShot, "per shot");
        Add(PerOneQubitGateShot, "per 1q gate-shot");
        Add(PerTwoQubitGateShot, "per 2q gate-shot");
        Add(PerSecond, "per second");
        Add(PerHqc, "per HQC");
        Add(MinimumPerTask, "minimum per task");
        return parts.Count == 0 ? "free" : string.Join(", ", parts);

        void Add(decimal value, string what)
        {
            if (value != 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"${value} {what}"));
            }
        }
    }
}
