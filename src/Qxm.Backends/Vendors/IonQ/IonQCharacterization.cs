using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>IonQ's backend and characterization documents read into qxm's model. A characterization gives medians for
/// the whole device (SPAM, one- and two-qubit fidelities, T1 and T2 and gate times in seconds) and the coupled pairs;
/// qxm's snapshot gives every qubit and every coupled pair those medians.</summary>
internal static class IonQCharacterization
{
    public static CalibrationSnapshot Snapshot(string backendId, JsonElement characterization, int targetQubits, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var qubits = characterization.TryGetProperty("qubits", out var q) && q.TryInt32(out var n) ? n : targetQubits;
            var fidelity = characterization.GetProperty("fidelity");
            var timing = characterization.GetProperty("timing");
            var spam = Median(fidelity, "spam");
            var oneQubit = Median(fidelity, "1q");
            var twoQubit = Median(fidelity, "2q");
            var t1Us = timing.GetProperty("t1").GetDouble() * 1e6;
            var t2Us = timing.GetProperty("t2").GetDouble() * 1e6;
            var oneQubitNs = timing.GetProperty("1q").GetDouble() * 1e9;
            var twoQubitNs = timing.GetProperty("2q").GetDouble() * 1e9;
            var takenAt = characterization.TryGetProperty("date", out var date) && date.TryInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : characterization.GetProperty("date").GetDateTimeOffset();
            IEnumerable<int[]> pairs = characterization.TryGetProperty("connectivity", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Select(p => new[] { p[0].GetInt32(), p[1].GetInt32() })
                : Enumerable.Range(0, qubits).SelectMany(a => Enumerable.Range(a + 1, qubits - a - 1).Select(b => new[] { a, b }));
            var count = Math.Max(qubits, targetQubits);
            List<GateCalibration> gates =
            [
                .. Enumerable.Range(0, count).SelectMany(i => new[]
                {
                    new GateCalibration("gpi", [i], 1 - oneQubit, oneQubitNs),
                    new GateCalibration("gpi2", [i], 1 - oneQubit, oneQubitNs),
                }),
                .. pairs.Select(p => new GateCalibration("ms", p, 1 - twoQubit, twoQubitNs)),
            ];
            return new CalibrationSnapshot(
                backendId, takenAt, [.. Enumerable.Range(0, count).Select(i => new QubitCalibration(i, t1Us, t2Us, 1 - spam))], gates);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new BackendException(BackendErrorKind.Transient, $"IonQ's characterization could not be read: {e.Message}", rawAnswer: raw);
        }
    }

    public static RemoteDeviceStatus Status(JsonElement backend)
    {
        var status = backend.TryGetProperty("status", out var s) ? s.GetString() ?? "unknown" : "unknown";
        var degraded = backend.TryGetProperty("degraded", out var d) && d.ValueKind == JsonValueKind.True;
        TimeSpan? wait = backend.TryGetProperty("average_queue_time", out var w) && w.TryInt64(out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
        return new RemoteDeviceStatus(degraded ? status + " (degraded)" : status, status == "available", null, wait);
    }

    private static double Median(JsonElement fidelity, string name) =>
        fidelity.GetProperty(name).GetProperty("median").GetDouble();
}
