using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;

namespace Qxm.Backends.Devices;

/// <summary>Reads a device data file. A user writes these by hand, so every mistake is named with its field.</summary>
public static partial class DeviceFileReader
{
    public static DeviceDefinition Read(string json, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Read(document.RootElement, origin);
        }
        catch (JsonException e)
        {
            throw new QxmException($"device file {origin}: not valid JSON: {e.Message}", e);
        }
    }

    private static DeviceDefinition Read(JsonElement root, string origin)
    {
        var name = Text(root, "name", origin);
        if (!NamePattern().IsMatch(name))
        {
            throw Invalid(origin, "name", $"'{name}' must be lower-case letters, digits and '-', starting with a letter");
        }

        var qubits = Integer(root, "qubits", origin, 1, 1000);
        var coupling = Coupling(root, origin, qubits);
        var operations = new List<TargetOperation>();
        if (!root.TryGetProperty("operations", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw Invalid(origin, "operations", "a non-empty list of native gates is required");
        }

        foreach (var op in list.EnumerateArray())
        {
            var gate = Text(op, "name", origin);
            if (!GateLibrary.TryGet(gate, out var signature))
            {
                throw Invalid(origin, "operations", $"'{gate}' is not a gate qxm can simulate (see GateLibrary in docs/openqasm.md)");
            }

            var tuples = signature.Qubits switch
            {
                1 => null,
                2 => coupling,
                _ => throw Invalid(origin, "operations", $"'{gate}' acts on {signature.Qubits} qubits; native operations act on one or two"),
            };
            operations.Add(new TargetOperation(gate, signature.Qubits, tuples, OptionalNumber(op, "durationNs", origin), OptionalNumber(op, "error", origin)));
        }

        var features = root.TryGetProperty("features", out var f)
            ? new TargetFeatures(Flag(f, "midCircuitMeasurement"), Flag(f, "reset"), Flag(f, "feedForward"), Flag(f, "timing"))
            : new TargetFeatures(false, false, false, false);
        var calibration = Calibration(root, origin, name, qubits, operations);
        var target = new Target(qubits, Integer(root, "maxShots", origin, 1, 100_000_000), Integer(root, "maxCircuits", origin, 1, 1_000_000))
        {
            Operations = operations,
            ReadoutErrors = [.. calibration.Qubits.Select(q => q.ReadoutError)],
            Features = features,
        };
        var cost = root.TryGetProperty("costPerShot", out var c) && c.TryDecimal(out var price) ? price : 0m;
        var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : $"fake device {name}";
        return new DeviceDefinition(name, description, target, cost, calibration)
        {
            Faults = FaultPlanReader.Read(root, origin),
            QueueDelay = FaultPlanReader.ReadQueueDelay(root, origin),
            Drift = DriftFileReader.Read(root, origin, qubits),
        };
    }

    /// <summary>The ordered pairs two-qubit gates run on; null when the device has no coupling map (all-to-all).</summary>
    private static List<IReadOnlyList<int>>? Coupling(JsonElement root, string origin, int qubits)
    {
        if (!root.TryGetProperty("coupling", out var coupling))
        {
            return null;
        }

        var directed = Flag(coupling, "directed");
        if (!coupling.TryGetProperty("edges", out var edges) || edges.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(origin, "coupling.edges", "a list of [a, b] qubit pairs is required");
        }

        var pairs = new List<IReadOnlyList<int>>();
        foreach (var edge in edges.EnumerateArray())
        {
            if (edge.ValueKind != JsonValueKind.Array || edge.GetArrayLength() != 2
                || !edge[0].TryInt32(out var a) || !edge[1].TryInt32(out var b)
                || a < 0 || b < 0 || a >= qubits || b >= qubits || a == b)
            {
                throw Invalid(origin, "coupling.edges", $"{edge.GetRawText()} is not a pair of two distinct qubits below {qubits}");
            }

            pairs.Add([a, b]);
            if (!directed)
            {
                pairs.Add([b, a]);
            }
        }

        return pairs;
    }

    private static CalibrationSnapshot Calibration(JsonElement root, string origin, string name, int qubits, List<TargetOperation> operations)
    {
        if (!root.TryGetProperty("calibration", out var c))
        {
            throw Invalid(origin, "calibration", "a starting calibration (takenAt, t1Us, t2Us, readoutError) is required");
        }

        var takenAt = DateTimeOffset.Parse(Text(c, "takenAt", origin), CultureInfo.InvariantCulture);
        var t1 = PerQubit(c, "t1Us", origin, qubits);
        var t2 = PerQubit(c, "t2Us", origin, qubits);
        var readout = PerQubit(c, "readoutError", origin, qubits);
        var perQubit = Enumerable.Range(0, qubits).Select(q => new QubitCalibration(q, t1[q], t2[q], readout[q])).ToList();
        var gates = new List<GateCalibration>();
        foreach (var op in operations)
        {
            var tuples = op.QubitTuples ?? (op.Arity == 1
                ? Enumerable.Range(0, qubits).Select(q => (IReadOnlyList<int>)[q]).ToList()
                : []);
            gates.AddRange(tuples.Select(t => new GateCalibration(op.Name, t, op.Error ?? 0, op.DurationNs ?? 0)));
            if (op.QubitTuples is null && op.Arity == 2)
            {
                // All-to-all: one entry for the gate stands for every pair.
                gates.Add(new GateCalibration(op.Name, [], op.Error ?? 0, op.DurationNs ?? 0));
            }
        }

        return new CalibrationSnapshot(FakeDeviceBackend.IdPrefix + name, takenAt, perQubit, gates);
    }

    private static double[] PerQubit(JsonElement element, string field, string origin, int qubits)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            throw Invalid(origin, $"calibration.{field}", "a number, or a list with one number per qubit, is required");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return Enumerable.Repeat(value.GetDouble(), qubits).ToArray();
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == qubits && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))
        {
            return [.. value.EnumerateArray().Select(v => v.GetDouble())];
        }

        throw Invalid(origin, $"calibration.{field}", $"expected a number or a list of {qubits} numbers");
    }

    private static string Text(JsonElement element, string field, string origin) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid(origin, field, "a string is required");

    private static int Integer(JsonElement element, string field, string origin, int min, int max) =>
        element.TryGetProperty(field, out var value) && value.TryInt32(out var number) && number >= min && number <= max
            ? number
            : throw Invalid(origin, field, $"an integer from {min} to {max} is required");

    private static double? OptionalNumber(JsonElement element, string field, string origin) =>
        !element.TryGetProperty(field, out var value) ? null
            : value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0 ? value.GetDouble()
            : throw Invalid(origin, field, "a non-negative number is expected");

    private static bool Flag(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    private static QxmException Invalid(string origin, string field, string message) => new($"device file {origin}: {field}: {message}");

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
