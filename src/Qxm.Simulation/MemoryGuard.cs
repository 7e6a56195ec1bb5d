using System.Globalization;
using Qxm.Domain.Errors;

namespace Qxm.Simulation;

/// <summary>Decides before any allocation whether a state vector fits in what the machine has, so an oversized run is
/// refused with a diagnostic instead of failing with <see cref="OutOfMemoryException"/> or swapping the host.</summary>
public static class MemoryGuard
{
    /// <summary>The most qubits a state vector can have: its probability table and the reference kernels' states are
    /// .NET arrays, which hold fewer than 2^31 elements.</summary>
    internal const int MaxQubits = 30;

    internal const string Rule = "sim.too-large";

    private const int BytesPerAmplitude = 16;

    // The runtime, the compiled circuit and result dictionaries need room besides the states.
    private const long FixedHeadroomBytes = 256L << 20;

    /// <summary>Bytes of one state of <paramref name="qubits"/> complex double amplitudes;
    /// <see cref="long.MaxValue"/> when that does not fit in a long.</summary>
    public static long RequiredBytes(int qubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubits);
        return qubits > 58 ? long.MaxValue : (long)BytesPerAmplitude << qubits;
    }

    /// <summary>Null when a <paramref name="qubits"/>-qubit simulation fits in the memory this machine has available,
    /// otherwise an error diagnostic (rule <c>sim.too-large</c>) giving both numbers.</summary>
    /// <remarks>A run holds its state and, for sampling, a probability table of one double per outcome (as large as
    /// the state's amplitude count when every qubit is measured), so both are counted: 24 bytes an amplitude in double
    /// precision, 16 in single. On a machine with 24 GiB that admits 29 qubits in double and 30 in single.</remarks>
    public static Diagnostic? Check(int qubits, string? file = null) => Check(qubits, BytesPerAmplitude, file);

    /// <summary><see cref="Check(int, string)"/> for amplitudes of <paramref name="bytesPerAmplitude"/> bytes
    /// (16 in double precision, 8 in single).</summary>
    public static Diagnostic? Check(int qubits, int bytesPerAmplitude, string? file = null) =>
        Check(qubits, bytesPerAmplitude, UsableBytes(), file);

    /// <summary>The decision for a machine where <paramref name="usable"/> bytes are available to the run.</summary>
    internal static Diagnostic? Check(int qubits, int bytesPerAmplitude, long usable, string? file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubits);
        var needed = FormatBytes(bytesPerAmplitude * Math.Pow(2, qubits));
        if (qubits > MaxQubits)
        {
            return new Diagnostic(
                Rule,
                $"a {qubits}-qubit state needs {needed} but the state-vector simulator holds at most {MaxQubits} qubits",
                file);
        }

        var withTable = (bytesPerAmplitude + sizeof(double)) * Math.Pow(2, qubits);
        return withTable <= usable
            ? null
            : new Diagnostic(
                Rule,
                $"a {qubits}-qubit state needs {needed} (and {FormatBytes(sizeof(double) * Math.Pow(2, qubits))} for its outcome probabilities) but only {FormatBytes(usable)} is available",
                file);
    }

    /// <summary>What the machine has available now (Linux: MemAvailable, within the process's own limit), less a fixed
    /// headroom for the runtime, the compiled circuit and the results.</summary>
    internal static long UsableBytes() => Math.Max(0, AvailableBytes() - FixedHeadroomBytes);

    /// <summary>The most qubits whose state (and probability table) fits in what this process could ever have: its
    /// memory limit (the machine's memory, or its container's), less the headroom. A backend's declared size, which must
    /// not shrink for good because memory happened to be short when it was created; whether a run fits now is
    /// <see cref="Check(int, string)"/>'s question, asked before each allocation.</summary>
    public static int MaxQubitsWithin(int bytesPerAmplitude)
    {
        var capacity = Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - FixedHeadroomBytes);
        var qubits = 1;
        while (qubits < MaxQubits && Check(qubits + 1, bytesPerAmplitude, capacity, null) is null)
        {
            qubits++;
        }

        return qubits;
    }

    private static long AvailableBytes()
    {
        var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return MemAvailable() is { } available ? Math.Min(limit, available) : limit;
    }

    /// <summary>MemAvailable of /proc/meminfo: free memory plus what the kernel can reclaim (page cache) without swapping.</summary>
    private static long? MemAvailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(fields[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    internal static string FormatBytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {units[unit]}");
    }
}
