using System.Globalization;
using Qxm.Domain.Errors;

namespace Qxm.Simulation;

/// <summary>Decides before any allocation whether a state vector fits, so an oversized run is refused
/// with a diagnostic instead of failing with <see cref="OutOfMemoryException"/> or swapping the host.</summary>
public static class MemoryGuard
{
    /// <summary>The most qubits a state vector can have: .NET arrays hold fewer than 2^31 elements.</summary>
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

    /// <summary>Null when a <paramref name="qubits"/>-qubit simulation fits in the memory this process may use,
    /// otherwise an error diagnostic (rule <c>sim.too-large</c>) giving both numbers.</summary>
    /// <remarks>Half of what remains after a fixed headroom is offered to one state, because a run holds a
    /// second buffer of similar size: the copied prefix state of per-shot runs, or the probability table of sampling.</remarks>
    public static Diagnostic? Check(int qubits, string? file = null) => Check(qubits, BytesPerAmplitude, file);

    /// <summary><see cref="Check(int, string)"/> for amplitudes of <paramref name="bytesPerAmplitude"/> bytes
    /// (16 in double precision, 8 in single).</summary>
    internal static Diagnostic? Check(int qubits, int bytesPerAmplitude, string? file = null)
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

        var usable = UsableBytes();
        return ((long)bytesPerAmplitude << qubits) <= usable
            ? null
            : new Diagnostic(Rule, $"a {qubits}-qubit state needs {needed} but only {FormatBytes(usable)} is available", file);
    }

    internal static long UsableBytes()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Max(0, (available - FixedHeadroomBytes) / 2);
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
