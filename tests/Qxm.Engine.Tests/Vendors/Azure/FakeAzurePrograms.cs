using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>What the fake workspace's providers do with a job's program: check it as the provider would and compute its
/// output by simulation, in the provider's output format.</summary>
internal static class FakeAzurePrograms
{
    private static readonly HashSet<string> QuantinuumGates = new(StringComparer.Ordinal)
    {
        "x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "u1", "u2", "u3", "cx", "cy", "cz", "ch", "crz", "cu1", "swap", "rzz", "rxx", "ccx",
    };

    public static int? QubitsOf(string? target) => target switch
    {
        "ionq.simulator" => 29,
        "ionq.qpu.aria-1" => 25,
        "quantinuum.sim.h2-1e" => 32,
        "quantinuum.qpu.h2-1" => 56,
        _ => null,
    };

    /// <summary>IonQ's answer: the exact distribution over whole-register states, as IonQ's simulator gives it.</summary>
    public static (string? Output, string? Problem) IonQ(string program, int available)
    {
        JsonObject? input;
        try
        {
            input = JsonNode.Parse(program) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, "The input is not JSON: " + e.Message);
        }

        var qubits = input?["qubits"]?.GetValue<int>() ?? 0;
        if (input?["circuit"] is not JsonArray gates || qubits < 1)
        {
            return (null, "ionq.circuit.v1 needs \"qubits\" and a \"circuit\" array.");
        }

        if (qubits > available)
        {
            return (null, $"The circuit uses {qubits} qubits; the target has {available}.");
        }

        if (FakeIonQServer.Check(gates, (string?)input["gateset"] ?? "qis", qubits) is { } problem)
        {
            return (null, problem);
        }

        return (new JsonObject { ["histogram"] = new JsonObject([.. FakeIonQServer.Simulate(gates, qubits).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]) }.ToJsonString(), null);
    }

    /// <summary>Quantinuum's answer: each shot's value of every classical register, sampled from the exact distribution
    /// of the OpenQASM 2 program (parsed by qxm's parser, which checks its syntax as Quantinuum's compiler would).</summary>
    public static (string? Output, string? Problem) Quantinuum(string program, int available, int shots, string id)
    {
        if (!program.StartsWith("OPENQASM 2.0;", StringComparison.Ordinal))
        {
            return (null, "Quantinuum takes OpenQASM 2.0 programs.");
        }

        var parsed = OpenQasmParser.Parse(program, "job.qasm", _ => null);
        if (parsed.Circuit is not { } circuit)
        {
            return (null, "The program does not compile: " + string.Join("; ", parsed.Diagnostics));
        }

        if (circuit.QubitCount > available)
        {
            return (null, $"The program uses {circuit.QubitCount} qubits; the target has {available}.");
        }

        if (OperationTree.Descendants(circuit.Operations).OfType<GateOperation>().FirstOrDefault(g => !QuantinuumGates.Contains(g.Name)) is { } gate)
        {
            return (null, $"Gate {gate.Name} is not supported.");
        }

        var distribution = StateVectorSimulator.Probabilities(circuit).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var random = new Random(id.GetHashCode(StringComparison.Ordinal));
        var values = new JsonArray();
        for (var shot = 0; shot < shots; shot++)
        {
            var roll = random.NextDouble();
            var pick = distribution[^1].Key;
            foreach (var (bits, p) in distribution)
            {
                if ((roll -= p) < 0)
                {
                    pick = bits;
                    break;
                }
            }

            values.Add(pick);
        }

        return (circuit.ClbitCount == 0 ? "{}" : new JsonObject { ["c"] = values }.ToJsonString(), null);
    }
}
