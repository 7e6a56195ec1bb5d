using System.Globalization;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Ibm;

/// <summary>An IBM device's configuration, properties and status documents read into qxm's model: the configuration
/// gives the Target (qubits, basis gates, the directed coupling map, shot and circuit limits, dynamic-circuit support),
/// the properties a CalibrationSnapshot (T1, T2 and readout error per qubit; error and duration per gate and qubit
/// tuple), the status the device's live state and queue length.</summary>
internal static class IbmConfiguration
{
    public static Target Target(JsonElement configuration, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var qubits = configuration.GetProperty("n_qubits").GetInt32();
            var basis = configuration.GetProperty("basis_gates").EnumerateArray().Select(g => g.GetString()!).ToList();
            IReadOnlyList<IReadOnlyList<int>>? pairs = configuration.TryGetProperty("coupling_map", out var map) && map.ValueKind == JsonValueKind.Array
                ? [.. map.EnumerateArray().Select(p => (IReadOnlyList<int>)[p[0].GetInt32(), p[1].GetInt32()])]
                : null;
            var shots = configuration.TryGetProperty("max_shots", out var s) && s.TryInt32(out var maxShots) ? maxShots : IbmDevices.MaxShots;
            var circuits = configuration.TryGetProperty("max_experiments", out var c) && c.TryInt32(out var maxCircuits) ? maxCircuits : IbmDevices.MaxCircuits;
            var instructions = configuration.TryGetProperty("supported_instructions", out var i) && i.ValueKind == JsonValueKind.Array
                ? i.EnumerateArray().Select(x => x.GetString()).ToHashSet(StringComparer.Ordinal)
                : null;
            var target = IbmDevices.Target(qubits, basis, pairs) with { MaxShots = shots, MaxCircuits = Math.Min(circuits, IbmDevices.MaxCircuits) };
            return instructions is null ? target : target with
            {
                Features = new TargetFeatures(
                    MidCircuitMeasurement: instructions.Contains("measure") && instructions.Contains("if_else"),
                    Reset: instructions.Contains("reset"),
                    FeedForward: instructions.Contains("if_else"),
                    Timing: instructions.Contains("delay")),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new BackendException(BackendErrorKind.Transient, $"IBM's backend configuration could not be read: {e.Message}", rawAnswer: raw);
        }
    }

    public static CalibrationSnapshot Snapshot(string backendId, JsonElement properties, int targetQubits, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var takenAt = DateTimeOffset.Parse(properties.GetProperty("last_update_date").GetString()!, CultureInfo.InvariantCulture);
            var qubits = properties.GetProperty("qubits").EnumerateArray().Select((q, index) => new QubitCalibration(
                index, Value(q, "T1", "us"), Value(q, "T2", "us"), Value(q, "readout_error", ""))).ToList();
            if (qubits.Count != targetQubits)
            {
                throw new FormatException($"the properties describe {qubits.Count} qubits, the device has {targetQubits}");
            }

            var gates = properties.GetProperty("gates").EnumerateArray()
                .Where(g => g.GetProperty("gate").GetString() is not ("reset" or "measure" or "delay"))
                .Select(g => new GateCalibration(
                    g.GetProperty("gate").GetString()!,
                    [.. g.GetProperty("qubits").EnumerateArray().Select(x => x.GetInt32())],
                    Parameter(g, "gate_error", "") ?? 0,
                    Parameter(g, "gate_length", "ns") ?? 0))
                .ToList();
            return new CalibrationSnapshot(backendId, takenAt, qubits, gates);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentNullException)
        {
            throw new BackendException(BackendErrorKind.Transient, $"IBM's backend properties could not be read: {e.Message}", rawAnswer: raw);
        }
    }

    public static RemoteDeviceStatus Status(JsonElement status)
    {
        var word = status.TryGetProperty("status", out var s) ? s.GetString() ?? "unknown" : "unknown";
        var up = status.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.True;
        int? queue = status.TryGetProperty("length_queue", out var q) && q.TryInt32(out var length) ? length : null;
        var message = status.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text ? $" ({text})" : "";
        return new RemoteDeviceStatus(word + message, up && word == "active", queue);
    }

    /// <summary>A named property of a qubit, in <paramref name="unit"/> (T1 and T2 may come in us or ns, readout error without one).</summary>
    private static double Value(JsonElement qubit, string name, string unit)
    {
        foreach (var property in qubit.EnumerateArray())
        {
            if (property.GetProperty("name").GetString() == name)
            {
                return Convert(property, unit);
            }
        }

        throw new FormatException($"a qubit has no {name}");
    }

    private static double? Parameter(JsonElement gate, string name, string unit)
    {
        foreach (var parameter in gate.GetProperty("parameters").EnumerateArray())
        {
            if (parameter.GetProperty("name").GetString() == name)
            {
                return Convert(parameter, unit);
            }
        }

        return null;
    }

    private static double Convert(JsonElement property, string unit)
    {
        var value = property.GetProperty("value").GetDouble();
        var given = property.TryGetProperty("unit", out var u) ? u.GetString() ?? "" : "";
        return (given, unit) switch
        {
            _ when given == unit => value,
            ("ns", "us") => value / 1000,
            ("us", "ns") => value * 1000,
            ("s", "us") => value * 1e6,
            ("s", "ns") => value * 1e9,
            _ => throw new FormatException($"{property.GetProperty("name").GetString()} is in '{given}', qxm expected '{unit}'"),
        };
    }
}
