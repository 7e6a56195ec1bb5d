using System.Globalization;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>A <c>GetDevice</c> answer read into qxm's model: the device's status and queue, its capabilities (a JSON
/// document inside the answer) as a Target (paradigm qubit count, the OpenQASM action's supported operations, the
/// service's shot range) and its calibration as a snapshot. Braket gives calibration two ways: standardized properties
/// per qubit and pair (T1, T2, randomized-benchmarking and readout fidelities, two-qubit gate fidelities), or a
/// provider's device-wide means (IonQ: 1Q, 2Q and SPAM fidelity, T1, T2 and gate times); qubits the document leaves out
/// get the device's median.</summary>
internal static class BraketCapabilities
{
    public static RemoteDeviceStatus Status(JsonElement device)
    {
        var status = device.TryGetProperty("deviceStatus", out var s) ? s.GetString() ?? "UNKNOWN" : "UNKNOWN";
        int? queued = null;
        if (device.TryGetProperty("deviceQueueInfo", out var queues) && queues.ValueKind == JsonValueKind.Array)
        {
            foreach (var queue in queues.EnumerateArray().Where(q => q.TryGetProperty("queue", out var name) && name.GetString() == "QUANTUM_TASKS_QUEUE"))
            {
                if (queue.TryGetProperty("queueSize", out var size) && int.TryParse(size.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    queued = (queued ?? 0) + n;
                }
            }
        }

        return new RemoteDeviceStatus(status.ToLowerInvariant(), status == "ONLINE", queued);
    }

    /// <summary>The capabilities document, which Braket sends as a string inside the answer.</summary>
    public static JsonDocument Capabilities(JsonElement device, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var text = device.GetProperty("deviceCapabilities");
            return text.ValueKind == JsonValueKind.String ? JsonDocument.Parse(text.GetString()!) : JsonDocument.Parse(text.GetRawText());
        }
        catch (Exception e) when (e is KeyNotFoundException or JsonException)
        {
            throw new BackendException(BackendErrorKind.Transient, $"Braket's device answer has no readable deviceCapabilities: {e.Message}", rawAnswer: raw);
        }
    }

    public static Target Target(JsonElement capabilities, BraketDevice? known, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var qubits = capabilities.GetProperty("paradigm").GetProperty("qubitCount").GetInt32();
            var action = capabilities.GetProperty("action").GetProperty(BraketProgram.ActionType);
            var gates = action.GetProperty("supportedOperations").EnumerateArray().Select(o => o.GetString()!.ToLowerInvariant()).ToList();
            var maxShots = capabilities.TryGetProperty("service", out var service) && service.TryGetProperty("shotsRange", out var range)
                && range.GetArrayLength() == 2 && range[1].TryInt32(out var most) ? most : known?.MaxShots ?? 100_000;
            // A device that takes pulse control says so with a 'pulse' field (its ports, frames and waveforms).
            return BraketDevices.Target(qubits, maxShots, gates, pulse: capabilities.TryGetProperty("pulse", out var pulse) && pulse.ValueKind == JsonValueKind.Object);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackendException(BackendErrorKind.Transient,
                $"Braket's device capabilities could not be read as a gate-model device taking OpenQASM: {e.Message}", rawAnswer: raw);
        }
    }

    public static CalibrationSnapshot Snapshot(string backendId, JsonElement capabilities, Target target, DateTimeOffset now, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var takenAt = capabilities.TryGetProperty("service", out var service) && service.TryGetProperty("updatedAt", out var updated)
                && updated.TryGetDateTimeOffset(out var at) ? at : now;
            var oneQubitGates = target.Operations.Where(o => o.Arity == 1).Select(o => o.Name).ToList();
            return capabilities.TryGetProperty("standardized", out var standardized) && standardized.TryGetProperty("oneQubitProperties", out _)
                ? Standardized(backendId, standardized, target, oneQubitGates, takenAt)
                : ProviderMeans(backendId, capabilities.GetProperty("provider"), target, oneQubitGates, takenAt);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackendException(BackendErrorKind.Transient, $"Braket's device calibration could not be read: {e.Message}", rawAnswer: raw);
        }
    }

    private static CalibrationSnapshot Standardized(string backendId, JsonElement standardized, Target target, List<string> oneQubitGates, DateTimeOffset takenAt)
    {
        var measured = new Dictionary<int, (double? T1Us, double? T2Us, double? Readout, double? Gate)>();
        foreach (var qubit in standardized.GetProperty("oneQubitProperties").EnumerateObject())
        {
            if (!int.TryParse(qubit.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= target.Qubits)
            {
                continue;
            }

            var fidelities = qubit.Value.TryGetProperty("oneQubitFidelity", out var f) ? f.EnumerateArray().ToList() : [];
            measured[index] = (Seconds(qubit.Value, "T1") * 1e6, Seconds(qubit.Value, "T2") * 1e6,
                1 - Fidelity(fidelities, "READOUT"), 1 - (Fidelity(fidelities, "RANDOMIZED_BENCHMARKING") ?? Fidelity(fidelities, "SIMULTANEOUS_RANDOMIZED_BENCHMARKING")));
        }

        var t1 = Median(measured.Values.Select(m => m.T1Us));
        var t2 = Median(measured.Values.Select(m => m.T2Us));
        var readout = Median(measured.Values.Select(m => m.Readout));
        var gate = Median(measured.Values.Select(m => m.Gate));
        var qubits = Enumerable.Range(0, target.Qubits).Select(i =>
        {
            var m = measured.GetValueOrDefault(i);
            return new QubitCalibration(i, m.T1Us ?? t1, m.T2Us ?? t2, m.Readout ?? readout);
        }).ToList();
        var gates = Enumerable.Range(0, target.Qubits)
            .SelectMany(i => oneQubitGates.Select(g => new GateCalibration(g, [i], measured.GetValueOrDefault(i).Gate ?? gate, 0))).ToList();
        if (standardized.TryGetProperty("twoQubitProperties", out var pairs))
        {
            foreach (var pair in pairs.EnumerateObject())
            {
                var ends = pair.Name.Split('-');
                if (ends.Length != 2 || !int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                    || !int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) || a >= target.Qubits || b >= target.Qubits)
                {
                    continue;
                }

                foreach (var fidelity in pair.Value.GetProperty("twoQubitGateFidelity").EnumerateArray())
                {
                    if (fidelity.TryGetProperty("gateName", out var name) && BraketDevices.ToQxm.TryGetValue(name.GetString()!.ToLowerInvariant(), out var qxm))
                    {
                        gates.Add(new GateCalibration(qxm, [a, b], 1 - fidelity.GetProperty("fidelity").GetDouble(), 0));
                    }
                }
            }
        }

        return new CalibrationSnapshot(backendId, takenAt, qubits, gates);
    }

    /// <summary>A provider's device-wide means (IonQ on Braket): every qubit and, the device being all-to-all, every
    /// pair gets them.</summary>
    private static CalibrationSnapshot ProviderMeans(string backendId, JsonElement provider, Target target, List<string> oneQubitGates, DateTimeOffset takenAt)
    {
        var fidelity = provider.GetProperty("fidelity");
        var timing = provider.GetProperty("timing");
        var spam = Mean(fidelity, "spam");
        var one = Mean(fidelity, "1Q");
        var two = Mean(fidelity, "2Q");
        var t1Us = timing.GetProperty("T1").GetDouble() * 1e6;
        var t2Us = timing.GetProperty("T2").GetDouble() * 1e6;
        var oneNs = timing.TryGetProperty("1Q", out var o) ? o.GetDouble() * 1e9 : 0;
        var twoNs = timing.TryGetProperty("2Q", out var w) ? w.GetDouble() * 1e9 : 0;
        var twoQubitGates = target.Operations.Where(op => op.Arity == 2 && op.Name is "cx" or "rxx" or "rzz").Select(op => op.Name).Take(1).ToList();
        var n = target.Qubits;
        List<GateCalibration> gates =
        [
            .. Enumerable.Range(0, n).SelectMany(i => oneQubitGates.Select(g => new GateCalibration(g, [i], 1 - one, oneNs))),
            .. from a in Enumerable.Range(0, n) from b in Enumerable.Range(0, n) where a != b from g in twoQubitGates
               select new GateCalibration(g, [a, b], 1 - two, twoNs),
        ];
        return new CalibrationSnapshot(backendId, takenAt, [.. Enumerable.Range(0, n).Select(i => new QubitCalibration(i, t1Us, t2Us, 1 - spam))], gates);
    }

    private static double? Seconds(JsonElement qubit, string name) =>
        qubit.TryGetProperty(name, out var value) && value.TryGetProperty("value", out var v) && v.TryDouble(out var seconds)
            ? (value.TryGetProperty("unit", out var unit) && unit.GetString() == "US" ? seconds / 1e6 : seconds)
            : null;

    private static double? Fidelity(List<JsonElement> fidelities, string type) =>
        fidelities.Where(f => f.GetProperty("fidelityType").GetProperty("name").GetString() == type)
            .Select(f => (double?)f.GetProperty("fidelity").GetDouble()).FirstOrDefault();

    private static double Mean(JsonElement fidelity, string name) => fidelity.GetProperty(name).GetProperty("mean").GetDouble();

    private static double Median(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).Order().ToList();
        return known.Count == 0 ? 0 : known[known.Count / 2];
    }
}
