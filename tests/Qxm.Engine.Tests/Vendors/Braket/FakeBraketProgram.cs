using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>What the fake Braket does with a task's program: reads it as Braket would and draws its shots.</summary>
internal static class FakeBraketProgram
{
    private static readonly Dictionary<string, string> ToQxm = new(StringComparer.Ordinal)
    {
        ["cnot"] = "cx", ["ccnot"] = "ccx", ["i"] = "id", ["si"] = "sdg", ["ti"] = "tdg", ["v"] = "sx", ["vi"] = "sxdg",
        ["phaseshift"] = "p", ["cphaseshift"] = "cp", ["xx"] = "rxx", ["zz"] = "rzz",
    };

    /// <summary>The action's program read as Braket would: its schema, then qxm's parser over it with Braket's built-in
    /// gate names, each gate checked against the device's supported operations and its qubits against the device.</summary>
    public static (Circuit? Circuit, string? Problem) Read(string? action, JsonElement capabilities)
    {
        JsonNode? program;
        try
        {
            program = action is null ? null : JsonNode.Parse(action);
        }
        catch (JsonException e)
        {
            return (null, "action is not JSON: " + e.Message);
        }

        if ((string?)program?["braketSchemaHeader"]?["name"] != "braket.ir.openqasm.program" || program?["source"] is not JsonValue source)
        {
            return (null, "action must be a braket.ir.openqasm.program with a source");
        }

        var text = source.GetValue<string>();
        if (text.Contains("include", StringComparison.Ordinal))
        {
            return (null, "Braket's gates are built in: the program includes no library");
        }

        var supported = capabilities.GetProperty("action").GetProperty("braket.ir.openqasm.program").GetProperty("supportedOperations")
            .EnumerateArray().Select(o => o.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("OPENQASM", StringComparison.Ordinal)
            && !l.StartsWith("qubit", StringComparison.Ordinal) && !l.StartsWith("bit", StringComparison.Ordinal) && !l.Contains("measure", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            var name = new string([.. line.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
            if (!supported.Contains(name))
            {
                return (null, $"Operation {name} is not supported by the device: supported operations are {string.Join(", ", supported.Order())}");
            }
        }

        var renamed = string.Join('\n', text.Split('\n').Select(l =>
        {
            var name = new string([.. l.TrimStart().TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
            return ToQxm.TryGetValue(name, out var qxm) && l.TrimStart().Length > name.Length && l.TrimStart()[name.Length] is ' ' or '('
                ? l[..(l.Length - l.TrimStart().Length)] + qxm + l.TrimStart()[name.Length..]
                : l;
        })).Replace("OPENQASM 3.0;", "OPENQASM 3.0;\ninclude \"qelib1.inc\";", StringComparison.Ordinal);
        var parsed = OpenQasmParser.Parse(renamed, "braket.qasm", _ => null);
        if (parsed.Circuit is not { } circuit)
        {
            return (null, "The OpenQASM program could not be parsed: " + string.Join("; ", parsed.Diagnostics));
        }

        var qubits = capabilities.GetProperty("paradigm").GetProperty("qubitCount").GetInt32();
        return circuit.QubitCount > qubits ? (null, $"The program uses {circuit.QubitCount} qubits; the device has {qubits}") : (circuit, null);
    }

    /// <summary>Exact counts from the circuit's distribution (largest remainders), each shot's bits over the measured qubits.</summary>
    public static (IReadOnlyList<int> Measured, IReadOnlyList<int[]> Shots) Sample(Circuit circuit, int shots)
    {
        var measures = circuit.Operations.OfType<MeasureOperation>().ToList();
        var measured = measures.Select(m => m.Qubit).Distinct().Order().ToList();
        var probabilities = StateVectorSimulator.Probabilities(circuit).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var counts = probabilities.Select(p => (p.Key, Count: (int)Math.Floor(p.Value * shots), Remainder: (p.Value * shots) - Math.Floor(p.Value * shots))).ToList();
        var left = shots - counts.Sum(c => c.Count);
        foreach (var i in counts.Select((c, i) => (c.Remainder, i)).OrderByDescending(c => c.Remainder).Take(left).Select(c => c.i).ToList())
        {
            counts[i] = counts[i] with { Count = counts[i].Count + 1 };
        }

        var rows = new List<int[]>();
        foreach (var (bits, count, _) in counts)
        {
            var row = measured.Select(q => measures.Last(m => m.Qubit == q).Clbit).Select(c => bits[bits.Length - 1 - c] == '1' ? 1 : 0).ToArray();
            rows.AddRange(Enumerable.Repeat(row, count));
        }

        return (measured, rows);
    }

    /// <summary>The results Braket writes when a task completes: every shot's bits over the measured qubits, the program
    /// it ran, the task's metadata and, for a simulator, its execution time.</summary>
    public static string Results(FakeBraketTask task, int? executionMilliseconds)
    {
        var result = new JsonObject
        {
            ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.task_result.gate_model_task_result", ["version"] = "1" },
            ["measurements"] = new JsonArray([.. task.Measurements.Select(m => (JsonNode)new JsonArray([.. m.Select(b => (JsonNode)b)]))]),
            ["measuredQubits"] = new JsonArray([.. task.MeasuredQubits.Select(q => (JsonNode)q)]),
            ["taskMetadata"] = new JsonObject
            {
                ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.task_result.task_metadata", ["version"] = "1" },
                ["id"] = task.Arn, ["shots"] = task.Shots, ["deviceId"] = task.Device,
            },
            ["additionalMetadata"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.ir.openqasm.program", ["version"] = "1" },
                    ["source"] = task.Source, ["inputs"] = new JsonObject(),
                },
            },
        };
        if (executionMilliseconds is { } milliseconds)
        {
            result["additionalMetadata"]!["simulatorMetadata"] = new JsonObject
            {
                ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.task_result.simulator_metadata", ["version"] = "1" }, ["executionDuration"] = milliseconds,
            };
        }

        return result.ToJsonString();
    }
}
